package dupes_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/dupes"
)

func rec(id int64, first, last, company string, phones, emails, cities []string) *contact.MatchRecord {
	name := strings.TrimSpace(first + " " + last)
	return &contact.MatchRecord{ID: id, Name: name, First: first, Last: last, Company: company, Phones: phones, Emails: emails, Cities: cities}
}

// pairOf finds the pair of two records at any score.
func pairOf(t *testing.T, a, b *contact.MatchRecord) (dupes.Pair, bool) {
	t.Helper()
	f := dupes.NewFinder()
	f.Add(a)
	f.Add(b)
	res := f.Find(dupes.Options{MinScore: 0.01})
	if len(res.Groups) == 0 {
		return dupes.Pair{}, false
	}
	return res.Groups[0].Pairs[0], true
}

func TestPairScoresAndReasons(t *testing.T) {
	phone := []string{"+14155550123"}
	email := []string{"ada@acme.example"}
	tests := []struct {
		name     string
		a, b     *contact.MatchRecord
		min, max float64
		reason   string
	}{
		{"same phone, same name", rec(1, "Ada", "Lovelace", "", phone, nil, nil), rec(2, "Ada", "Lovelace", "", phone, nil, nil), 0.95, 1, "same phone +14155550123"},
		{"accents and case", rec(1, "Zoë", "Müller", "", phone, nil, nil), rec(2, "ZOE", "muller", "", phone, nil, nil), 0.95, 1, "same name but for case or accents"},
		{"one company, no person, same city", rec(1, "", "", "Acme Inc", nil, nil, []string{"Springfield"}), rec(2, "", "", "ACME, Inc.", nil, nil, []string{"Springfield"}), 0.8, 0.8, "same company Acme Inc; same city Springfield"},
		{"one company, no person", rec(1, "", "", "Acme Inc", nil, nil, nil), rec(2, "", "", "Acme Inc", nil, nil, nil), 0.7, 0.7, "same company Acme Inc"},
		{"one company, other phones", rec(1, "", "", "Acme Inc", []string{"+14155550100"}, nil, []string{"Springfield"}), rec(2, "", "", "Acme Inc", []string{"+12125550100"}, nil, []string{"Springfield"}), 0.5, 0.5, "same company Acme Inc"},
		{"nickname Bob/Robert", rec(1, "Robert", "Smith", "", nil, email, nil), rec(2, "Bob", "Smith", "", nil, email, nil), 0.9, 1, "nickname Robert/Bob"},
		{"nickname Liz/Elizabeth", rec(1, "Liz", "Taylor", "", phone, nil, nil), rec(2, "Elizabeth", "Taylor", "", phone, nil, nil), 0.9, 1, "nickname Liz/Elizabeth"},
		{"nickname Peggy/Margaret", rec(1, "Peggy", "Olson", "", phone, nil, nil), rec(2, "Margaret", "Olson", "", phone, nil, nil), 0.9, 1, "nickname"},
		{"nickname Ann/Annie", rec(1, "Ann", "Lee", "", nil, []string{"ann@x.com"}, nil), rec(2, "Annie", "Lee", "", nil, []string{"ann@x.com"}, nil), 0.9, 1, "nickname Ann/Annie"},
		{"nickname Annie/Anna", rec(1, "Annie", "Berg", "", phone, nil, nil), rec(2, "Anna", "Berg", "", phone, nil, nil), 0.9, 1, "nickname Annie/Anna"},
		{"nickname Ted/Theodore", rec(1, "Ted", "Hughes", "", nil, email, nil), rec(2, "Theodore", "Hughes", "", nil, email, nil), 0.9, 1, "nickname Ted/Theodore"},
		{"nickname Jeff/Geoffrey", rec(1, "Jeff", "Hinton", "", phone, nil, nil), rec(2, "Geoffrey", "Hinton", "", phone, nil, nil), 0.9, 1, "nickname Jeff/Geoffrey"},
		{"nickname Phil/Phillip", rec(1, "Phil", "Collins", "", phone, nil, nil), rec(2, "Phillip", "Collins", "", phone, nil, nil), 0.9, 1, "nickname Phil/Phillip"},
		{"two short forms of one name", rec(1, "Bill", "Gates", "", phone, nil, nil), rec(2, "Will", "Gates", "", phone, nil, nil), 0.9, 1, "nickname Bill/Will"},
		{"nickname Bob/Robert, no last names", rec(1, "Bob", "", "", phone, nil, nil), rec(2, "Robert", "", "", phone, nil, nil), 0.9, 1, "same phone +14155550123; nickname Bob/Robert"},
		{"initial", rec(1, "J.", "Smith", "", nil, email, nil), rec(2, "John", "Smith", "", nil, email, nil), 0.9, 1, "initial J./John"},
		{"swapped", rec(1, "Ada", "Lovelace", "", phone, nil, nil), rec(2, "Lovelace", "Ada", "", phone, nil, nil), 0.9, 1, "first and last name swapped"},
		{"surname typo", rec(1, "Ada", "Lovelace", "", phone, nil, nil), rec(2, "Ada", "Lovelcae", "", phone, nil, nil), 0.9, 1, "last name differs by one letter Lovelace/Lovelcae"},
		{"typo on ß", rec(1, "Jürgen", "Weiß", "", phone, nil, nil), rec(2, "Jürgen", "Weßi", "", phone, nil, nil), 0.9, 1, "last name differs by one letter"},
		{"missing last name", rec(1, "Ada", "Lovelace", "", phone, nil, nil), rec(2, "Ada", "", "", phone, nil, nil), 0.85, 1, "same phone +14155550123; same first name, one without a last name"},
		{"nickname, missing last name", rec(1, "Bob", "Smith", "", phone, nil, nil), rec(2, "Robert", "", "", phone, nil, nil), 0.85, 1, "same phone +14155550123; nickname Bob/Robert, one without a last name"},
		{"missing first name", rec(1, "Ada", "Lovelace", "", nil, email, nil), rec(2, "", "Lovelace", "", nil, email, nil), 0.85, 1, "one without a first name"},
		{"phone only, no name", rec(1, "Ada", "Lovelace", "", phone, nil, nil), &contact.MatchRecord{ID: 2, Name: "+1 415 555 0123", Phones: phone}, 0.8, 0.9, "same phone"},
		{"same UID", &contact.MatchRecord{ID: 1, UID: "u-1", First: "Ada"}, &contact.MatchRecord{ID: 2, UID: "u-1", First: "Grace"}, 0.99, 1, "same UID"},
		// A UUID is the same in any case: two contacts hold one in two
		// cases when an import before rolo matched them in any case took
		// an Apple vCard's capitals beside rolo's small letters.
		{"same UUID in two cases", &contact.MatchRecord{ID: 1, UID: "0e5f8a3c-1111-4222-8333-444455556666", First: "Ada"},
			&contact.MatchRecord{ID: 2, UID: "0E5F8A3C-1111-4222-8333-444455556666", First: "Ada"}, 0.99, 1, "same UID"},
		// A shared number with another person's name: a switchboard, a
		// family phone. Below the default.
		{"shared phone, different names", rec(1, "Ada", "Lovelace", "", phone, nil, nil), rec(2, "Grace", "Hopper", "", phone, nil, nil), 0.2, 0.5, "different names"},
		{"shared phone, first names only", rec(1, "Ada", "", "Acme", phone, nil, nil), rec(2, "Grace", "", "Acme", phone, nil, nil), 0.2, 0.6, "different names (Ada / Grace)"},
		{"shared phone, same last name", rec(1, "Ada", "Lovelace", "", phone, nil, nil), rec(2, "Byron", "Lovelace", "", phone, nil, nil), 0.2, 0.6, "same last name, different first names"},
		// Names alone never reach the default.
		{"same name, same company", rec(1, "Ada", "Lovelace", "Acme Inc.", nil, nil, nil), rec(2, "Ada", "Lovelace", "ACME", nil, nil, nil), 0.6, 0.7, "same company Acme Inc."},
		{"nickname, same company", rec(1, "Bob", "Smith", "Acme", nil, nil, nil), rec(2, "Robert", "Smith", "Acme", nil, nil, nil), 0.55, 0.7, "nickname Bob/Robert"},
		{"same name, same city", rec(1, "Ada", "Lovelace", "", nil, nil, []string{"London"}), rec(2, "Ada", "Lovelace", "", nil, nil, []string{"london"}), 0.5, 0.6, "same city London"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := pairOf(t, tt.a, tt.b)
			if !ok {
				t.Fatalf("not compared")
			}
			if p.Score < tt.min || p.Score > tt.max {
				t.Errorf("score %.2f, want %.2f..%.2f (%v)", p.Score, tt.min, tt.max, p.Reasons)
			}
			if !strings.Contains(strings.Join(p.Reasons, "; "), tt.reason) {
				t.Errorf("reasons %q, want one with %q", p.Reasons, tt.reason)
			}
		})
	}
	if dupes.DefaultMinScore <= 0.7 {
		t.Errorf("DefaultMinScore %.2f must be above what names alone can score", dupes.DefaultMinScore)
	}
}

// TestDistinctNamesAreNotNicknames: different first names that share a
// short form (Ted: Edward, Theodore) or look alike are different people;
// with a shared email and surname, a family's address, or a shared email
// and no surname, they are not reported at the default --min-score.
func TestDistinctNamesAreNotNicknames(t *testing.T) {
	email := []string{"family@x.example"}
	for _, names := range [][2]string{
		{"Jackie", "Jack"}, {"Jackie", "John"}, {"Kathleen", "Katherine"}, {"Theodore", "Edward"},
		{"Theo", "Ned"}, {"Annie", "Nancy"}, {"Annie", "Hannah"}, {"Randall", "Randolph"},
		{"Stephanie", "Stephen"}, {"Penny", "Pamela"}, {"Connie", "Cassie"},
	} {
		// With no last names too: two people of one company who list
		// its number.
		for _, last := range []string{"Lee", ""} {
			p, ok := pairOf(t, rec(1, names[0], last, "", nil, email, nil), rec(2, names[1], last, "", nil, email, nil))
			if !ok {
				t.Fatalf("%s/%s %s: not compared", names[0], names[1], last)
			}
			if p.Score >= dupes.DefaultMinScore || strings.Contains(strings.Join(p.Reasons, "; "), "nickname") {
				t.Errorf("%s/%s %s: score %.2f %v, want below %.2f and no nickname", names[0], names[1], last, p.Score, p.Reasons, dupes.DefaultMinScore)
			}
		}
	}
}

// TestOnlyBlockedPairsAreCompared: contacts that share no key are never
// compared, whatever their names: candidate pairs come from blocking only.
func TestOnlyBlockedPairsAreCompared(t *testing.T) {
	f := dupes.NewFinder()
	// The same name 200 times, each at its own company, city, phone and
	// email: no two share a key.
	for i := 0; i < 200; i++ {
		f.Add(rec(int64(i+1), "John", "Smith", fmt.Sprintf("Company %d", i), []string{fmt.Sprintf("+1415555%04d", i)},
			[]string{fmt.Sprintf("john%d@example.com", i)}, []string{fmt.Sprintf("City %d", i)}))
	}
	res := f.Find(dupes.Options{MinScore: 0.01})
	if res.Stats.Compared != 0 || len(res.Groups) != 0 {
		t.Errorf("compared %d pairs, found %d groups; want none", res.Stats.Compared, len(res.Groups))
	}
}

// TestOversizedBlocksAreSkipped: a number shared by more contacts than
// MaxBlock (a switchboard) is not compared within, and is counted.
func TestOversizedBlocksAreSkipped(t *testing.T) {
	f := dupes.NewFinder()
	for i := 0; i < 60; i++ {
		f.Add(rec(int64(i+1), fmt.Sprintf("Person%c", 'A'+i%26), fmt.Sprintf("Name%d", i), "", []string{"+14155550000"}, nil, nil))
	}
	f.Add(rec(61, "Ada", "Lovelace", "", nil, []string{"ada@x.example"}, nil))
	f.Add(rec(62, "Ada", "Lovelace", "", nil, []string{"ada@x.example"}, nil))
	res := f.Find(dupes.Options{})
	if res.Stats.Oversized != 1 {
		t.Errorf("oversized %d, want 1", res.Stats.Oversized)
	}
	if res.Stats.Compared != 1 || len(res.Groups) != 1 || res.Groups[0].Keep != 61 {
		t.Errorf("compared %d, groups %+v; want only the pair 61-62", res.Stats.Compared, res.Groups)
	}
	res = f.Find(dupes.Options{MaxBlock: 100, MinScore: 0.01})
	if res.Stats.Oversized != 0 || res.Stats.Compared < 60*59/2 {
		t.Errorf("with --max-block 100: oversized %d, compared %d", res.Stats.Oversized, res.Stats.Compared)
	}
}

// TestGroupsArePairsWithEachOther: a group holds only contacts of which
// every two are a reported pair. A-B and B-C with A and C not a pair make
// the group of the best pair, the other left in Related for a later run.
func TestGroupsArePairsWithEachOther(t *testing.T) {
	f := dupes.NewFinder()
	f.Add(rec(3, "Ada", "Lovelace", "", []string{"+14155550001"}, nil, nil))
	f.Add(rec(5, "Ada", "Lovelace", "", []string{"+14155550001"}, []string{"ada@x.example"}, nil))
	f.Add(rec(9, "Ada", "Lovelace", "", nil, []string{"ada@x.example"}, nil))
	f.Add(rec(10, "Grace", "Hopper", "", nil, []string{"grace@x.example"}, nil))
	f.Add(rec(11, "Alan", "Turing", "", []string{"+14155550002"}, nil, nil))
	f.Add(rec(12, "Alan", "Turing", "", []string{"+14155550002"}, []string{"alan@x.example"}, nil))
	f.Add(rec(13, "Alan", "Turing", "", []string{"+14155550002"}, []string{"alan@x.example"}, nil))
	res := f.Find(dupes.Options{})
	if len(res.Groups) != 2 {
		t.Fatalf("groups %+v, want 2", res.Groups)
	}
	g := res.Groups[0]
	if fmt.Sprint(g.IDs) != "[3 5]" || g.Keep != 3 || len(g.Pairs) != 1 || len(g.Related) != 1 || g.Related[0].A != 5 || g.Related[0].B != 9 {
		t.Errorf("group %+v, want 3 and 5, with 5-9 related", g)
	}
	// Three that all pair with each other are one group.
	if g := res.Groups[1]; fmt.Sprint(g.IDs) != "[11 12 13]" || len(g.Pairs) != 3 || len(g.Related) != 0 {
		t.Errorf("group %+v, want 11, 12 and 13 with their 3 pairs", g)
	}
}

// TestSwitchboardDoesNotJoinTwoPeople: a company's switchboard record pairs
// with two employees who list its number, but they do not pair with each
// other (different names), so no group holds both: merging the groups
// must not merge two people.
func TestSwitchboardDoesNotJoinTwoPeople(t *testing.T) {
	phone := []string{"+12125550100"}
	f := dupes.NewFinder()
	f.Add(rec(1, "", "", "Globex", phone, nil, nil))
	f.Add(rec(2, "Carl", "Jones", "Globex", phone, []string{"carl@globex.com"}, nil))
	f.Add(rec(3, "Dana", "White", "Globex", phone, []string{"dana@globex.com"}, nil))
	res := f.Find(dupes.Options{})
	if res.Stats.Pairs != 2 {
		t.Fatalf("%d pairs reported, want 1-2 and 1-3", res.Stats.Pairs)
	}
	if len(res.Groups) != 1 {
		t.Fatalf("groups %+v, want 1", res.Groups)
	}
	g := res.Groups[0]
	if fmt.Sprint(g.IDs) != "[1 2]" || g.Keep != 1 || len(g.Pairs) != 1 {
		t.Errorf("group %+v, want 1 and 2", g)
	}
	if len(g.Related) != 1 || g.Related[0].A != 1 || g.Related[0].B != 3 || g.Related[0].Outside.Name != "Dana White" || g.Related[0].Score < dupes.DefaultMinScore {
		t.Errorf("related %+v, want the pair 1-3", g.Related)
	}
}

func TestFoldPhoneticCompany(t *testing.T) {
	for in, want := range map[string]string{
		"Zoë": "zoe", "O'Brien": "obrien", "Łęcki": "lecki", "Groß": "gross", "Van der Berg": "vanderberg",
		"Kjær": "kjaer", "Ødegaard": "odegaard", "山田": "山田", "İstanbul": "istanbul",
	} {
		if got := dupes.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	for _, same := range [][2]string{{"smith", "smyth"}, {"lovelace", "lovelcae"}, {"robert", "rupert"}} {
		if a, b := dupes.Phonetic(same[0]), dupes.Phonetic(same[1]); a != b {
			t.Errorf("Phonetic(%s) = %s, Phonetic(%s) = %s; want equal", same[0], a, same[1], b)
		}
	}
	for _, pair := range [][2]string{{"Acme Labs Inc.", "ACME LABS"}, {"Globex GmbH", "Globex"}, {"Umbrella S.A.", "umbrella"}} {
		if a, b := dupes.CompanyKey(pair[0]), dupes.CompanyKey(pair[1]); a != b {
			t.Errorf("CompanyKey(%q) = %q, CompanyKey(%q) = %q", pair[0], a, pair[1], b)
		}
	}
}
