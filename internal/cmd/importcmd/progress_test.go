package importcmd

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// The bar of a file import shows no rate of the first buffer read in
// microseconds ("20 GB/s"): it stays away for barDelay, and its rate is
// then the bytes over the time they took.
func TestProgressRateIsMeasuredOverTime(t *testing.T) {
	io, _, _, stderr := iostreams.Test()
	io.SetTTY(false, false, true)
	f := factory.New()
	f.IO = io
	p := newProgress(f, 1<<20)
	p.read.Store(256 << 10) // a quarter of the file, at once
	p.update()
	if stderr.Len() != 0 {
		t.Fatalf("the bar showed at once: %q", stderr.String())
	}
	p.start = p.start.Add(-2 * barDelay)
	time.Sleep(barDelay / 5)
	p.update()
	out := stderr.String()
	m := regexp.MustCompile(`([0-9.]+) ([kMG]?B)/s`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no rate on the bar: %q", out)
	}
	rate, _ := strconv.ParseFloat(m[1], 64)
	if strings.HasPrefix(m[2], "G") || strings.HasPrefix(m[2], "M") && rate > 10 {
		t.Errorf("the bar says %s %s/s for 256 KB read over a tenth of a second", m[1], m[2])
	}
}

// lockedBuffer is a buffer that a goroutine of the bar's may write.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// The spinner of an import of standard input is drawn by the import
// alone: no goroutine of the bar's draws it again after the import has
// taken it away (which left "/ importing 9501 records" on the terminal
// after the summary), nor while the import clears it for a message.
func TestSpinnerIsNotDrawnAfterFinish(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	io.SetTTY(false, false, true)
	var stderr lockedBuffer
	io.ErrOut = &stderr
	f := factory.New()
	f.IO = io
	p := newProgress(f, 0)
	p.update()
	if !strings.Contains(stderr.String(), "importing 1 record") {
		t.Fatalf("no spinner: %q", stderr.String())
	}
	p.finish()
	done := stderr.String()
	time.Sleep(400 * time.Millisecond)
	if after := stderr.String(); after != done {
		t.Errorf("the spinner was drawn after the import took it away: %q", strings.TrimPrefix(after, done))
	}
}
