package dupes_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/dupes"
	"github.com/rolo-cli/rolo/internal/gen"
)

// generated is a normalized generated address book: contact i has ID i+1,
// as it would after an import into an empty database.
type generated struct {
	ds      *gen.Dataset
	records []*contact.MatchRecord
	truth   map[[2]int64]gen.Kind
}

var (
	genOnce sync.Once
	genData *generated
	genErr  error
)

const (
	genSeed = 20260615
	genN    = 50_000
)

func generatedBook(t *testing.T) *generated {
	t.Helper()
	genOnce.Do(func() {
		ds := gen.Generate(genSeed, genN)
		g := &generated{ds: ds, truth: map[[2]int64]gen.Kind{}}
		for i, c := range ds.Contacts {
			if err := contact.Normalize(c, "US"); err != nil {
				genErr = fmt.Errorf("contact %d: %v", i, err)
				return
			}
			c.ID, c.UID = int64(i+1), fmt.Sprintf("uid-%d", i+1)
			g.records = append(g.records, contact.MatchRecordOf(c))
		}
		for k, p := range ds.Duplicates {
			g.truth[[2]int64{int64(p[0] + 1), int64(p[1] + 1)}] = ds.DuplicateKinds[k]
		}
		genData = g
	})
	if genErr != nil {
		t.Fatal(genErr)
	}
	return genData
}

func find(g *generated, opts dupes.Options) *dupes.Result {
	f := dupes.NewFinder()
	for _, r := range g.records {
		f.Add(r)
	}
	return f.Find(opts)
}

// measure returns the precision and recall of the reported pairs against
// the generator's ground truth, and the known pairs missed, by kind.
func measure(g *generated, res *dupes.Result) (precision, recall float64, tp, fp int, missed map[gen.Kind]int) {
	found := map[[2]int64]bool{}
	for _, grp := range res.Groups {
		// A pair left out of the groups is still reported, in the
		// Related of each group it touches: count it once.
		pairs := slices.Clone(grp.Pairs)
		for _, r := range grp.Related {
			pairs = append(pairs, r.Pair)
		}
		for _, p := range pairs {
			k := [2]int64{p.A, p.B}
			if found[k] {
				continue
			}
			found[k] = true
			if _, ok := g.truth[k]; ok {
				tp++
			} else {
				fp++
			}
		}
	}
	missed = map[gen.Kind]int{}
	for k, kind := range g.truth {
		if !found[k] {
			missed[kind]++
		}
	}
	if tp+fp > 0 {
		precision = float64(tp) / float64(tp+fp)
	}
	recall = float64(tp) / float64(len(g.truth))
	return precision, recall, tp, fp, missed
}

// TestPrecisionRecall is the "must show": on a generated address
// book with known near-duplicates of every kind, the pairs reported at the
// default --min-score have a precision of at least 0.95 and a recall of at
// least 0.90. Run with -v to see the figures, by threshold and kind.
func TestPrecisionRecall(t *testing.T) {
	g := generatedBook(t)
	res := find(g, dupes.Options{})
	precision, recall, tp, fp, missed := measure(g, res)
	t.Logf("%d contacts, %d known duplicate pairs; default --min-score %.2f: precision %.4f, recall %.4f (%d true, %d false pairs reported; %d compared)",
		len(g.records), len(g.truth), dupes.DefaultMinScore, precision, recall, tp, fp, res.Stats.Compared)
	if precision < 0.95 || recall < 0.90 {
		t.Errorf("precision %.4f (want >= 0.95), recall %.4f (want >= 0.90)", precision, recall)
	}
	byKind := map[gen.Kind]int{}
	for _, k := range g.truth {
		byKind[k]++
	}
	for _, k := range gen.Kinds {
		t.Logf("  %-14s %5d known, recall %.4f", k, byKind[k], 1-float64(missed[k])/float64(byKind[k]))
	}

	// The trade-off the default was chosen on.
	var b strings.Builder
	for _, min := range []float64{0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95} {
		p, r, tp, fp, _ := measure(g, find(g, dupes.Options{MinScore: min}))
		fmt.Fprintf(&b, "\n  --min-score %.2f: precision %.4f recall %.4f (%d true, %d false)", min, p, r, tp, fp)
	}
	t.Logf("by threshold:%s", b.String())
}

// TestEveryKindIsFound checks each kind of known duplicate on its own, so
// that a regression names the kind it broke.
func TestEveryKindIsFound(t *testing.T) {
	g := generatedBook(t)
	_, _, _, _, missed := measure(g, find(g, dupes.Options{}))
	byKind := map[gen.Kind]int{}
	for _, k := range g.truth {
		byKind[k]++
	}
	for _, k := range gen.Kinds {
		if byKind[k] == 0 {
			t.Errorf("the generator made no %s duplicates", k)
			continue
		}
		if r := 1 - float64(missed[k])/float64(byKind[k]); r < 0.9 {
			t.Errorf("%s: recall %.3f (%d of %d missed)", k, r, missed[k], byKind[k])
		}
	}
}

// TestWorkersDoNotChangeTheResult: the parallel comparison gives the same
// groups whatever the number of workers.
func TestWorkersDoNotChangeTheResult(t *testing.T) {
	g := generatedBook(t)
	one := find(g, dupes.Options{Workers: 1, MinScore: 0.5})
	four := find(g, dupes.Options{Workers: 4, MinScore: 0.5})
	if fmt.Sprint(one.Groups) != fmt.Sprint(four.Groups) {
		t.Error("1 and 4 workers found different groups")
	}
}
