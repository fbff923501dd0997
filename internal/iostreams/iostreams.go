// Package iostreams carries a command's standard streams and what is known
// about them (terminal or pipe, color), so that every command can be run
// in-process with buffers in tests, as a terminal or as a pipe.
package iostreams

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/rolo-cli/rolo/internal/escape"
)

// IOStreams are a command's input and outputs.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY, stdoutTTY, stderrTTY bool
	color                          bool
	termWidth                      int

	// openTTY opens the terminal to ask questions on when stderr is not
	// one (System: /dev/tty); nil when there is none.
	openTTY   func() (io.Writer, error)
	tty       io.Writer
	ttyOpened bool
}

// System returns the process's streams.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: stderr(), openTTY: openDevTTY}
	s.stdinTTY = isTerminal(os.Stdin)
	s.stdoutTTY = isTerminal(os.Stdout)
	s.stderrTTY = isTerminal(os.Stderr)
	s.color = colorOn(s.stdoutTTY, os.Getenv)
	if s.stdoutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			s.termWidth = w
		}
	}
	if s.termWidth <= 0 {
		// A terminal that tells no size, or a table asked for in a pipe
		// (-o table | less): the width the shell says, as ls takes it.
		if w, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && w > 0 {
			s.termWidth = w
		}
	}
	// ROLO_FORCE_TTY lets end-to-end tests see what a terminal user sees.
	if os.Getenv("ROLO_FORCE_TTY") == "1" {
		s.stdinTTY, s.stdoutTTY, s.stderrTTY = true, true, true
	}
	return s
}

// colorOn decides color: on a terminal, unless NO_COLOR is set to
// anything but "" (no-color.org) or the terminal is dumb.
func colorOn(tty bool, getenv func(string) string) bool {
	return tty && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// openDevTTY opens the process's controlling terminal, which a user at a
// terminal sees whatever stderr was redirected to.
func openDevTTY() (io.Writer, error) {
	f, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		return nil, err
	}
	if !isTerminal(f) {
		f.Close()
		return nil, os.ErrNotExist
	}
	return f, nil
}

// Test returns streams backed by buffers: stdin, stdout, stderr.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// IsStdinTTY reports whether standard input is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether standard error is a terminal (progress bars).
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// SetTTY sets what the streams claim to be, for tests.
func (s *IOStreams) SetTTY(stdin, stdout, stderr bool) {
	s.stdinTTY, s.stdoutTTY, s.stderrTTY = stdin, stdout, stderr
}

// ColorEnabled reports whether output may use color (see colorOn).
func (s *IOStreams) ColorEnabled() bool { return s.color }

// SetTerminalWidth sets the terminal's width, for tests.
func (s *IOStreams) SetTerminalWidth(w int) { s.termWidth = w }

// TerminalWidth is the width of the terminal, or 0 when unknown.
func (s *IOStreams) TerminalWidth() int { return s.termWidth }

// SetTerminal sets the terminal that questions go to when stderr is not
// one (in place of /dev/tty), or none with nil, for tests.
func (s *IOStreams) SetTerminal(w io.Writer) {
	s.tty, s.ttyOpened = w, true
}

// CanPrompt reports whether rolo may ask the user a question: the answer
// is typed on stdin, which must be a terminal, and there must be a
// terminal to show the question on (PromptOut). A script (stdin a pipe or
// a file) is never asked.
func (s *IOStreams) CanPrompt() bool { return s.NoPromptReason() == "" }

// NoPromptReason says why rolo cannot ask a question, for a message that
// asks for --yes instead; "" when it can.
func (s *IOStreams) NoPromptReason() string {
	switch {
	case !s.stdinTTY:
		return "stdin is not a terminal"
	case !s.stderrTTY && s.terminal() == nil:
		return "no terminal to ask on"
	}
	return ""
}

// PromptOut is where questions (and what they need shown, such as the
// values a merge chooses between) are written: stderr when it is a
// terminal, else the terminal itself (/dev/tty) when it can be opened, as
// git and ssh ask, so that a user who sends messages to a log (2>>log)
// still sees the question; stderr when there is no terminal.
func (s *IOStreams) PromptOut() io.Writer {
	if !s.stderrTTY {
		if tty := s.terminal(); tty != nil {
			return tty
		}
	}
	return s.ErrOut
}

// terminal is the terminal opened for questions, or nil.
func (s *IOStreams) terminal() io.Writer {
	if !s.ttyOpened {
		s.ttyOpened = true
		if s.openTTY != nil {
			if w, err := s.openTTY(); err == nil {
				s.tty = w
			}
		}
	}
	return s.tty
}

// Printable returns a message for the terminal with its control characters
// other than newline and tab written as Go escapes (ESC as \x1b), as %q
// writes them: a file or profile name is untrusted text, and an escape
// sequence in it must not reach the terminal (clear the screen, retitle the
// window) when rolo names it in a message. Values in messages are already
// %q-quoted, and file names escaped whole, tab and newline too, where they
// are put in (contact.PathText); this catches what is not.
func Printable(msg string) string {
	return escape.Controls(msg, "\n\t")
}

// DataOut returns where a command writes its data (TSV, CSV, JSON, vCard,
// an export without --out): Out itself when stdout is not a terminal, so
// that a file or a pipe gets every byte as it is, and at a terminal Out
// with its control characters escaped, so that text a contact carries (a
// kept vCard property holding ESC [2J) cannot drive the terminal. json
// says the data is JSON, whose escapes (\u001b) keep it JSON; others get
// Printable's (\x1b). Tabs, newlines and the CR of a CRLF line end are
// kept. The caller ends the data with Flush.
func (s *IOStreams) DataOut(json bool) *DataWriter {
	return &DataWriter{w: s.Out, escape: s.stdoutTTY, json: json}
}

// A DataWriter is DataOut's writer.
type DataWriter struct {
	w      io.Writer
	escape bool
	json   bool
	// held is the end of the last write when it may start a character to
	// escape that the next write ends: a CR (a line end if LF follows)
	// or the first byte of a C1 control (U+0080-U+009F).
	held []byte
}

// Write writes b, escaped at a terminal.
func (d *DataWriter) Write(b []byte) (int, error) {
	if !d.escape {
		return d.w.Write(b)
	}
	n := len(b)
	if len(d.held) > 0 {
		b = append(d.held, b...)
		d.held = nil
	}
	var out []byte
	start := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			i++
			continue
		}
		r, size := rune(c), 1
		switch {
		case c == '\r' && i+1 == len(b), c == 0xc2 && i+1 == len(b):
			d.held = append(d.held, c)
			b = b[:i]
			continue
		case c == '\r' && b[i+1] == '\n':
			i += 2
			continue
		case c >= utf8.RuneSelf:
			r, size = utf8.DecodeRune(b[i:])
			if !unicode.IsControl(r) {
				i += size
				continue
			}
		}
		out = append(out, b[start:i]...)
		if d.json {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, escape.Rune(r)...)
		}
		i += size
		start = i
	}
	if out != nil {
		b = append(out, b[start:]...)
	}
	if _, err := d.w.Write(b); err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes what Write held back: the data has ended.
func (d *DataWriter) Flush() error {
	held := d.held
	d.held = nil
	switch {
	case len(held) == 0:
		return nil
	case held[0] == '\r' && d.json:
		_, err := io.WriteString(d.w, `\u000d`)
		return err
	case held[0] == '\r':
		_, err := io.WriteString(d.w, `\r`)
		return err
	}
	_, err := d.w.Write(held) // a lone lead byte, not a character
	return err
}
