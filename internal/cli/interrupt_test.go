//go:build unix

package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/atomicfile"
	"github.com/rolo-cli/rolo/internal/shield"
)

// watchInterrupts runs notifyInterrupt with the given grace period and an
// exit that reports its code instead of ending the test. A temporary file
// is held, as an export's or an error file's is while it is written.
func watchInterrupts(t *testing.T, grace time.Duration) (ctx context.Context, stop func(), exited chan int, errOut *bytes.Buffer, tmp string) {
	t.Helper()
	oldGrace, oldExit := interruptGrace, exit
	t.Cleanup(func() { interruptGrace, exit = oldGrace, oldExit })
	interruptGrace = grace
	exited = make(chan int, 1)
	exit = func(code int) { exited <- code }
	tmp = filepath.Join(t.TempDir(), ".out.csv.tmp-1")
	if err := os.WriteFile(tmp, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	atomicfile.Hold(tmp)
	t.Cleanup(func() { atomicfile.Release(tmp) })
	errOut = &bytes.Buffer{}
	ctx, stop = notifyInterrupt(context.Background(), errOut)
	return ctx, stop, exited, errOut, tmp
}

func sendSignal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := syscall.Kill(os.Getpid(), sig); err != nil {
		t.Fatal(err)
	}
}

func wantEnded(t *testing.T, exited chan int, errOut *bytes.Buffer, tmp string, within time.Duration) {
	t.Helper()
	select {
	case code := <-exited:
		if code != ExitFailure || errOut.String() != interruptedMessage+"\n" {
			t.Errorf("ended with exit %d, stderr %q; want exit 1, %q", code, errOut, interruptedMessage)
		}
	case <-time.After(within):
		t.Fatalf("not ended within %v", within)
	}
	if _, err := os.Stat(tmp); err == nil {
		t.Errorf("the temporary file %s was left", tmp)
	}
}

// A command that does not return after an interrupt (blocked on a pipe,
// where the cancellation cannot reach it) is ended after the grace period,
// as it says, with its temporary files removed.
func TestInterruptEndsABlockedCommand(t *testing.T) {
	ctx, stop, exited, errOut, tmp := watchInterrupts(t, 50*time.Millisecond)
	defer stop()
	sendSignal(t, syscall.SIGTERM)
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the context was not cancelled")
	}
	wantEnded(t, exited, errOut, tmp, 5*time.Second)
}

// A second Ctrl-C ends the command at once, whatever the grace period.
func TestSecondInterruptEndsAtOnce(t *testing.T) {
	ctx, stop, exited, errOut, tmp := watchInterrupts(t, time.Hour)
	defer stop()
	sendSignal(t, syscall.SIGINT)
	<-ctx.Done()
	select {
	case <-exited:
		t.Fatal("ended at the first interrupt, before the grace period")
	case <-time.After(100 * time.Millisecond):
	}
	sendSignal(t, syscall.SIGINT)
	wantEnded(t, exited, errOut, tmp, 5*time.Second)
}

// A command that returns within the grace period ends as it does: the
// process is not ended under it, and its files are its own to remove.
func TestInterruptedCommandThatReturns(t *testing.T) {
	ctx, stop, exited, errOut, tmp := watchInterrupts(t, 300*time.Millisecond)
	sendSignal(t, syscall.SIGHUP)
	<-ctx.Done()
	stop()
	select {
	case <-exited:
		t.Fatalf("the process was ended under a command that returned; stderr %q", errOut)
	case <-time.After(600 * time.Millisecond):
	}
	if _, err := os.Stat(tmp); err != nil {
		t.Errorf("the command's file was removed: %v", err)
	}
}

// A commit in progress when the grace period ends is waited for: the
// process is not ended inside it. Once it has saved the change, the
// command has the grace period again to finish and say so, and is ended
// after it with a message that says the change was saved (an error file
// written to a pipe nobody reads must not keep it for ever).
func TestInterruptWaitsForACommit(t *testing.T) {
	ctx, stop, exited, errOut, _ := watchInterrupts(t, 100*time.Millisecond)
	defer stop()
	committing := make(chan struct{})
	finish := make(chan struct{})
	go shield.Commit(func() error {
		close(committing)
		<-finish
		return nil
	})
	<-committing
	sendSignal(t, syscall.SIGTERM)
	<-ctx.Done()
	select {
	case <-exited:
		t.Fatalf("ended inside a commit; stderr %q", errOut)
	case <-time.After(400 * time.Millisecond):
	}
	close(finish)
	select {
	case code := <-exited:
		if code != ExitFailure || errOut.String() != interruptedAfterSaving+"\n" {
			t.Errorf("ended with exit %d, stderr %q; want exit 1, %q", code, errOut, interruptedAfterSaving)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a command held up after its commit was not ended")
	}
}

// A command that saved its change and then returns in time ends as it
// does.
func TestInterruptAfterACommitThatReturns(t *testing.T) {
	ctx, stop, exited, errOut, _ := watchInterrupts(t, 300*time.Millisecond)
	shield.Commit(func() error { return nil })
	sendSignal(t, syscall.SIGTERM)
	<-ctx.Done()
	time.Sleep(400 * time.Millisecond) // past the first grace period
	stop()
	select {
	case <-exited:
		t.Fatalf("the process was ended under a command that returned; stderr %q", errOut)
	case <-time.After(600 * time.Millisecond):
	}
}

// A commit that fails saves nothing: the command is ended after it.
func TestInterruptAfterAFailedCommit(t *testing.T) {
	ctx, stop, exited, errOut, tmp := watchInterrupts(t, 50*time.Millisecond)
	defer stop()
	shield.Commit(func() error { return errors.New("disk full") })
	sendSignal(t, syscall.SIGTERM)
	<-ctx.Done()
	wantEnded(t, exited, errOut, tmp, 5*time.Second)
}
