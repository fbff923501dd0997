package importcmd

import (
	"regexp"
	"strconv"
	"strings"
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
