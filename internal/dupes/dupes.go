// Package dupes finds contacts that are likely the same person, with the
// reasons and a score from 0 to 1 for each pair, and groups them.
//
// It scales by blocking: each contact gets a few keys (its E.164 phones,
// lower-case emails, UID, and sound keys of its names together with its
// company or city), and only contacts that share a key are compared, never
// all pairs. A key shared by more than MaxBlock contacts (a switchboard
// number, a very common name at a very large company) says little and
// would cost a quadratic number of comparisons, so it is skipped and
// counted in Stats.Oversized.
//
// The package has no SQL and no I/O: the store streams contact.MatchRecord
// values into a Finder.
package dupes

import (
	"cmp"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rolo-cli/rolo/internal/contact"
)

// DefaultMinScore is the score from which a pair is reported. On the
// generated address books (internal/gen, whose names come from small
// pools, as common names do in large real ones) every pair reported at
// this score shares a phone, an email or a UID and has names that fit;
// names alone, even at the same company, score at most 0.7 and are mostly
// namesakes there. See the precision and recall test.
const DefaultMinScore = 0.8

// DefaultMaxBlock bounds the contacts that may share a blocking key.
const DefaultMaxBlock = 50

// Options tune a search.
type Options struct {
	// MinScore is the lowest score reported (0: DefaultMinScore).
	MinScore float64
	// MaxBlock is the largest number of contacts sharing a key that are
	// compared with each other (0: DefaultMaxBlock).
	MaxBlock int
	// Workers compare in parallel (0: GOMAXPROCS).
	Workers int
}

// Pair is two contacts that look like one person.
type Pair struct {
	A       int64    `json:"a"`
	B       int64    `json:"b"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
}

// Related is a reported pair between a contact of a group and Outside, a
// contact left out of the group because it does not pair with all of it.
type Related struct {
	Pair
	Outside Member `json:"outside"`
}

// Member is a contact of a group.
type Member struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Group is a set of contacts of which every two are a reported pair, so
// that merging it joins no two contacts scored apart. IDs are ascending;
// the first, the oldest contact, is the suggested one to keep. Pairs are
// those among the group's contacts; Related are the reported pairs
// between one of them and a contact outside, left out because it does not
// pair with every contact of the group (see Finder.Find).
type Group struct {
	Keep     int64     `json:"keep"`
	IDs      []int64   `json:"ids"`
	Contacts []Member  `json:"contacts"`
	Pairs    []Pair    `json:"pairs"`
	Related  []Related `json:"related"`
}

// Stats say how much work a search did.
type Stats struct {
	Contacts  int   `json:"contacts"`
	Keys      int   `json:"keys"`
	Blocks    int   `json:"blocks"`    // keys shared by 2..MaxBlock contacts
	Oversized int   `json:"oversized"` // keys shared by more, skipped
	Compared  int64 `json:"compared"`  // pairs scored
	Pairs     int   `json:"pairs"`     // pairs reported
}

// Result is the outcome of a search.
type Result struct {
	Groups []Group
	Stats  Stats
}

// Finder collects contacts and finds the duplicates among them. Add
// contacts in ID order for a deterministic output.
//
// A million contacts must fit in well under a gigabyte, so a contact is
// kept compact: the strings that repeat across contacts (names, companies,
// cities) once in a string table and referenced by number, its phones and
// emails each in one string, and its blocking keys as packed integers.
type Finder struct {
	chunks  [][]stored
	n       int
	entries []uint64 // packed blocking keys: hash bits above idxBits, contact index below
	idxBits uint
	strs    []string          // the string table; strs[0] is ""
	index   map[string]strRef // string -> its reference
	folded  map[strRef]strRef // a name as written -> folded
	seed    maphash.Seed
	keys    []uint64 // scratch
	h       maphash.Hash
}

// strRef is a string of the Finder's table.
type strRef uint32

// stored is a contact as the Finder keeps it.
type stored struct {
	id                                   int64
	uid                                  uint64
	phones, emails                       string
	name, firstRaw, lastRaw, first, last strRef
	nick, words, company, companyRaw     strRef
	cities, citiesRaw                    strRef
}

const (
	chunkBits = 14 // contacts are kept in chunks of 16,384
	// idxBits is how many low bits of a packed key hold the contact's
	// index: 24 (16.7 million contacts, 40 bits of hash, a handful of
	// colliding keys in a million contacts, which only add comparisons)
	// until there are more contacts, then 32.
	smallIdxBits = 24
	largeIdxBits = 32
)

// NewFinder returns an empty Finder.
func NewFinder() *Finder {
	f := &Finder{strs: []string{""}, index: map[string]strRef{"": 0}, folded: map[strRef]strRef{},
		seed: maphash.MakeSeed(), idxBits: smallIdxBits}
	f.h.SetSeed(f.seed)
	return f
}

// Len is the number of contacts added.
func (f *Finder) Len() int { return f.n }

func (f *Finder) at(i int) *stored { return &f.chunks[i>>chunkBits][i&(1<<chunkBits-1)] }

func (f *Finder) ref(s string) strRef {
	if r, ok := f.index[s]; ok {
		return r
	}
	s = strings.Clone(s)
	r := strRef(len(f.strs))
	f.strs = append(f.strs, s)
	f.index[s] = r
	return r
}

func (f *Finder) fold(s string) strRef {
	raw := f.ref(s)
	if v, ok := f.folded[raw]; ok {
		return v
	}
	v := f.ref(Fold(s))
	f.folded[raw] = v
	return v
}

// record unpacks contact i for comparing.
func (f *Finder) record(i int) record {
	s, t := f.at(i), f.strs
	return record{id: s.id, uid: s.uid, phones: s.phones, emails: s.emails, name: t[s.name],
		firstRaw: t[s.firstRaw], lastRaw: t[s.lastRaw], first: t[s.first], last: t[s.last], nick: t[s.nick],
		words: t[s.words], company: t[s.company], companyRaw: t[s.companyRaw], cities: t[s.cities], citiesRaw: t[s.citiesRaw]}
}

// Add adds a contact. The record is not kept.
func (f *Finder) Add(m *contact.MatchRecord) {
	s := stored{
		id:       m.ID,
		name:     f.ref(m.Name),
		firstRaw: f.ref(m.First),
		lastRaw:  f.ref(m.Last),
		first:    f.fold(m.First),
		last:     f.fold(m.Last),
		nick:     f.fold(m.Nickname),
		words:    f.nameWords(m),
		phones:   strings.Join(m.Phones, sep),
		emails:   strings.Join(m.Emails, sep),
	}
	if s.first == 0 {
		s.first = s.nick
	}
	if m.UID != "" {
		// A UUID is the same in any case (contact.UIDKey).
		s.uid = f.key(keyUID, contact.UIDKey(m.UID)) | 1
	}
	if m.Company != "" {
		s.companyRaw = f.ref(m.Company)
		s.company = f.ref(CompanyKey(m.Company))
	}
	var cities, raw []string
	for _, c := range m.Cities {
		if fc := f.strs[f.fold(c)]; fc != "" && !slices.Contains(cities, fc) {
			cities, raw = append(cities, fc), append(raw, c)
		}
	}
	s.cities, s.citiesRaw = f.ref(strings.Join(cities, sep)), f.ref(strings.Join(raw, sep))

	if f.n>>chunkBits == len(f.chunks) {
		f.chunks = append(f.chunks, make([]stored, 0, 1<<chunkBits))
	}
	c := &f.chunks[len(f.chunks)-1]
	*c = append(*c, s)
	idx := uint64(f.n)
	f.n++
	if f.n == 1<<smallIdxBits && f.idxBits == smallIdxBits {
		f.widenKeys()
	}
	r := f.record(int(idx))
	f.keys = f.blockingKeys(&r, f.keys[:0])
	mask := uint64(1)<<f.idxBits - 1
	for i := range f.keys {
		f.keys[i] = f.keys[i]&^mask | idx
	}
	slices.Sort(f.keys)
	for i, k := range f.keys {
		if i == 0 || k != f.keys[i-1] {
			f.entries = append(f.entries, k)
		}
	}
}

// widenKeys repacks the keys with 32 bits of index, for more contacts than
// 24 bits can number.
func (f *Finder) widenKeys() {
	small := uint64(1)<<smallIdxBits - 1
	for i, e := range f.entries {
		f.entries[i] = e>>largeIdxBits<<largeIdxBits | e&small
	}
	f.idxBits = largeIdxBits
}

func (f *Finder) nameWords(m *contact.MatchRecord) strRef {
	var ws []string
	for _, p := range []string{m.First, m.Middle, m.Last} {
		ws = append(ws, foldWords(p)...)
	}
	sort.Strings(ws)
	return f.ref(strings.Join(ws, " "))
}

// Kinds of blocking keys, the first byte hashed.
const (
	keyUID     = 'u'
	keyPhone   = 'p'
	keyEmail   = 'e'
	keyCompany = 'c' // company + sound of one name part
	keyCitySet = 's' // city + sounds of first and last, in either order
	keyCityIni = 'i' // city + initial of the first name + sound of the last
)

func (f *Finder) key(kind byte, parts ...string) uint64 {
	f.h.Reset()
	f.h.WriteByte(kind)
	for _, p := range parts {
		f.h.WriteString(p)
		f.h.WriteByte(0)
	}
	return f.h.Sum64()
}

// blockingKeys appends r's keys to keys.
func (f *Finder) blockingKeys(r *record, keys []uint64) []uint64 {
	if r.uid != 0 {
		keys = append(keys, r.uid)
	}
	eachValue(r.phones, func(_ int, p string) bool {
		keys = append(keys, f.key(keyPhone, p))
		return false
	})
	eachValue(r.emails, func(_ int, e string) bool {
		keys = append(keys, f.key(keyEmail, e))
		return false
	})
	first, last := "", ""
	if r.first != "" {
		first = Phonetic(canonicalFirst(r.first))
	}
	if r.last != "" {
		last = Phonetic(r.last)
	}
	if r.company != "" {
		// A record of a company with no person's name: the company
		// alone, so that the same company twice is compared.
		if first == "" && last == "" {
			keys = append(keys, f.key(keyCompany, r.company))
		}
		// Each name part alone, so that a missing first name, a typo in
		// either part, an initial or swapped parts still share a key.
		if first != "" {
			keys = append(keys, f.key(keyCompany, r.company, first))
		}
		if last != "" && last != first {
			keys = append(keys, f.key(keyCompany, r.company, last))
		}
	}
	if first != "" && last != "" {
		lo, hi := min(first, last), max(first, last)
		canon := canonicalFirst(r.first)
		_, size := utf8.DecodeRuneInString(canon)
		initial := canon[:size]
		eachValue(r.cities, func(_ int, c string) bool {
			keys = append(keys, f.key(keyCitySet, c, lo, hi), f.key(keyCityIni, c, initial, last))
			return false
		})
	}
	return keys
}

// Find compares the contacts that share a key and returns the groups of
// those scoring at least opts.MinScore: sets of contacts that all pair
// with each other, grown from the best pairs down. A contact is in one
// group at most; a reported pair whose contacts are not in one group is
// kept in Related.
func (f *Finder) Find(opts Options) *Result {
	if opts.MinScore <= 0 {
		opts.MinScore = DefaultMinScore
	}
	if opts.MaxBlock <= 0 {
		opts.MaxBlock = DefaultMaxBlock
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	res := &Result{Stats: Stats{Contacts: f.n, Keys: len(f.entries)}}
	slices.Sort(f.entries)
	mask := uint64(1)<<f.idxBits - 1
	idx := func(e uint64) uint32 { return uint32(e & mask) }

	// Blocks: runs of entries with the same key, of a size worth comparing.
	type block struct{ start, end uint32 }
	var blocks []block
	for i := 0; i < len(f.entries); {
		j := i + 1
		for j < len(f.entries) && f.entries[j]>>f.idxBits == f.entries[i]>>f.idxBits {
			j++
		}
		switch n := j - i; {
		case n > opts.MaxBlock:
			res.Stats.Oversized++
		case n >= 2:
			blocks = append(blocks, block{uint32(i), uint32(j)})
		}
		i = j
	}
	res.Stats.Blocks = len(blocks)

	// Each contact's blocks, as a compressed adjacency list.
	n := f.n
	offset := make([]uint32, n+1)
	for _, b := range blocks {
		for _, e := range f.entries[b.start:b.end] {
			offset[idx(e)+1]++
		}
	}
	for i := 1; i <= n; i++ {
		offset[i] += offset[i-1]
	}
	member := make([]uint32, offset[n])
	fill := slices.Clone(offset[:n])
	for bi, b := range blocks {
		for _, e := range f.entries[b.start:b.end] {
			member[fill[idx(e)]] = uint32(bi)
			fill[idx(e)]++
		}
	}
	fill = nil

	// Compare each contact with the later contacts of its blocks, once.
	results := make([][]found, opts.Workers)
	compared := make([]int64, opts.Workers)
	var wg sync.WaitGroup
	for w := 0; w < opts.Workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			seen := make([]uint32, n)
			stamp := uint32(0)
			for a := w; a < n; a += opts.Workers {
				if offset[a] == offset[a+1] {
					continue
				}
				stamp++
				ra := f.record(a)
				for _, bi := range member[offset[a]:offset[a+1]] {
					b := blocks[bi]
					for _, e := range f.entries[b.start:b.end] {
						other := idx(e)
						if int(other) <= a || seen[other] == stamp {
							continue
						}
						seen[other] = stamp
						compared[w]++
						rb := f.record(int(other))
						s, ev := compare(&ra, &rb)
						if s >= opts.MinScore {
							results[w] = append(results[w], found{uint32(a), other, s, ev})
						}
					}
				}
			}
		}(w)
	}
	wg.Wait()

	var pairs []found
	for w := range results {
		pairs = append(pairs, results[w]...)
		res.Stats.Compared += compared[w]
	}
	slices.SortFunc(pairs, func(x, y found) int {
		if c := cmp.Compare(x.a, y.a); c != 0 {
			return c
		}
		return cmp.Compare(x.b, y.b)
	})
	res.Stats.Pairs = len(pairs)

	f.group(res, pairs)
	return res
}

// found is a reported pair of contact indexes, a < b.
type found struct {
	a, b  uint32
	score float64
	ev    evidence
}

// group makes res.Groups of the reported pairs, sorted by a then b.
//
// A group is a set of contacts that all pair with each other (complete
// linkage), never a chain: a switchboard record paired with two people
// who list its number does not put the two people, who do not pair, in
// one group, so that merging a group (dupes --merge, or the -o ids loop)
// never joins two contacts that dupes itself scores apart. Groups grow
// from the best pairs down: two groups join when every pair across them
// was reported. A pair whose contacts end up apart is kept in Related of
// the group (or both groups) it touches; once the groups are merged, a
// new run compares the merged contact again.
func (f *Finder) group(res *Result, pairs []found) {
	reported := make(map[[2]uint32]bool, len(pairs))
	for _, p := range pairs {
		reported[[2]uint32{p.a, p.b}] = true
	}
	paired := func(x, y uint32) bool { return reported[[2]uint32{min(x, y), max(x, y)}] }
	best := slices.Clone(pairs)
	slices.SortStableFunc(best, func(x, y found) int { return cmp.Compare(y.score, x.score) })

	// of is each contact's cluster, named by one of its contacts.
	of := map[uint32]uint32{}
	members := map[uint32][]uint32{}
	clusterOf := func(x uint32) uint32 {
		if c, ok := of[x]; ok {
			return c
		}
		of[x], members[x] = x, []uint32{x}
		return x
	}
	for _, p := range best {
		ca, cb := clusterOf(p.a), clusterOf(p.b)
		if ca == cb || !allPaired(members[ca], members[cb], paired) {
			continue
		}
		if len(members[ca]) < len(members[cb]) {
			ca, cb = cb, ca
		}
		for _, x := range members[cb] {
			of[x] = ca
		}
		members[ca] = append(members[ca], members[cb]...)
		delete(members, cb)
	}

	byCluster := map[uint32]int{}
	for c, ms := range members {
		if len(ms) < 2 {
			continue
		}
		g := Group{Related: []Related{}} // [] in JSON, not null
		for _, x := range ms {
			r := f.at(int(x))
			g.Contacts = append(g.Contacts, Member{ID: r.id, Name: f.strs[r.name]})
		}
		slices.SortFunc(g.Contacts, func(x, y Member) int { return cmp.Compare(x.ID, y.ID) })
		for _, m := range g.Contacts {
			g.IDs = append(g.IDs, m.ID)
		}
		g.Keep = g.IDs[0]
		byCluster[c] = len(res.Groups)
		res.Groups = append(res.Groups, g)
	}
	for _, p := range pairs {
		ra, rb := f.record(int(p.a)), f.record(int(p.b))
		pair := Pair{A: ra.id, B: rb.id, Score: round2(p.score), Reasons: reasons(&ra, &rb, p.ev)}
		ca, cb := of[p.a], of[p.b]
		if ca == cb {
			g := &res.Groups[byCluster[ca]]
			g.Pairs = append(g.Pairs, pair)
			continue
		}
		for _, side := range []struct {
			in      uint32
			outside *record
		}{{ca, &rb}, {cb, &ra}} {
			if gi, ok := byCluster[side.in]; ok {
				g := &res.Groups[gi]
				g.Related = append(g.Related, Related{Pair: pair, Outside: Member{ID: side.outside.id, Name: side.outside.name}})
			}
		}
	}
	byIDs := func(x, y Pair) int {
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	}
	for gi := range res.Groups {
		g := &res.Groups[gi]
		slices.SortFunc(g.Pairs, byIDs)
		slices.SortFunc(g.Related, func(x, y Related) int { return byIDs(x.Pair, y.Pair) })
	}
	slices.SortFunc(res.Groups, func(x, y Group) int { return cmp.Compare(x.IDs[0], y.IDs[0]) })
}

// allPaired reports whether every contact of xs pairs with every one of ys.
func allPaired(xs, ys []uint32, paired func(x, y uint32) bool) bool {
	for _, x := range xs {
		for _, y := range ys {
			if !paired(x, y) {
				return false
			}
		}
	}
	return true
}

// round2 keeps two decimals: scores are estimates, and two decimals read
// well and compare exactly in scripts.
func round2(s float64) float64 { return math.Round(s*100) / 100 }
