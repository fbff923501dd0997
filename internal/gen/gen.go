// Package gen makes realistic, reproducible business contacts for tests and
// benchmarks: phone numbers written the many ways people write them, in a
// dozen countries; about one name in ten that is not ASCII (Zoë, Müller,
// Łukasz, 山田); companies, titles, tags, notes, attributes, birthdays and
// addresses; and a known set of near-duplicates, so that duplicate detection
// can be measured against ground truth.
//
// The same seed and size always give the same contacts, on every machine.
// Every contact is given as a user would type it (phones unformatted, mixed
// case emails, country names) and passes contact.Normalize in region US.
// Apart from the known duplicates, no two contacts share a phone number or
// an email address; names alone do repeat, as they do in real address books.
package gen

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"

	"github.com/rolo-cli/rolo/internal/contact"
)

// Kind says how a known duplicate differs from the contact it duplicates.
// Besides that difference, a duplicate is a second, sparser entry for the
// same person: it keeps the name (but for the change), the company and the
// identifier named below, and drops most other details.
type Kind string

// The kinds of known duplicates.
const (
	// PhoneFormat: the same name and phone number, written differently
	// ("(415) 555-0123" and "+1 415 555 0123"); same E.164, no email.
	PhoneFormat Kind = "phone-format"
	// EmailCase: the same name and email address in other letter case
	// ("Ada.Lovelace@ACME.example"); no phone.
	EmailCase Kind = "email-case"
	// Nickname: the first name replaced by its short form (Robert/Bob,
	// William/Bill, Elizabeth/Liz...); same last name, company and email.
	Nickname Kind = "nickname"
	// SurnameTypo: one letter of the last name dropped, doubled or swapped
	// with its neighbour; same first name, company and phone number.
	SurnameTypo Kind = "surname-typo"
	// MissingFirst: no first name, only the last name; same company and
	// email.
	MissingFirst Kind = "missing-first"
	// SwappedNames: first and last name swapped (the "Lovelace Ada" of a
	// badly mapped CSV column); same phone number.
	SwappedNames Kind = "swapped-names"
)

// Kinds lists every kind of known duplicate.
var Kinds = []Kind{PhoneFormat, EmailCase, Nickname, SurnameTypo, MissingFirst, SwappedNames}

// DuplicateRate is the share of generated contacts that are known
// duplicates of an earlier one.
const DuplicateRate = 0.05

// Dataset is a generated address book with its ground truth.
type Dataset struct {
	// Contacts in the order generated. Imported in this order into an
	// empty database, Contacts[i] gets ID i+1.
	Contacts []*contact.Contact
	// Duplicates are the known near-duplicate pairs {i, j}, i < j:
	// Contacts[j] is a second entry for the person of Contacts[i]. No
	// contact is in two pairs, and no other pair shares a phone or email.
	Duplicates [][2]int
	// DuplicateKinds[k] says how the pair Duplicates[k] differs.
	DuplicateKinds []Kind
}

// Generate returns n contacts made from seed, with the ground truth of
// their known duplicates.
func Generate(seed int64, n int) *Dataset {
	ds := &Dataset{Contacts: make([]*contact.Contact, 0, max(n, 0))}
	g := newGenerator(seed, n)
	for i := 0; i < n; i++ {
		c, of, kind := g.next(i)
		ds.Contacts = append(ds.Contacts, c)
		if of >= 0 {
			ds.Duplicates = append(ds.Duplicates, [2]int{of, i})
			ds.DuplicateKinds = append(ds.DuplicateKinds, kind)
		}
	}
	return ds
}

// Contacts streams the contacts of Generate(seed, n) without holding them
// all in memory, for building large databases. It stops early when yield
// returns false.
func Contacts(seed int64, n int, yield func(*contact.Contact) bool) {
	g := newGenerator(seed, n)
	for i := 0; i < n; i++ {
		c, _, _ := g.next(i)
		if !yield(c) {
			return
		}
	}
}

// generator holds what generating in order needs to remember: which
// indexes are originals and which originals already have a duplicate. A
// contact itself is a pure function of (seed, index), so an original is
// rebuilt rather than kept when a duplicate of it is made.
type generator struct {
	seed       uint64
	duplicated []bool // by index: is an original that already has a duplicate
	original   []bool // by index: is an original
}

func newGenerator(seed int64, n int) *generator {
	return &generator{seed: uint64(seed), duplicated: make([]bool, max(n, 0)), original: make([]bool, max(n, 0))}
}

// Streams of the random source: one for the contents of contact i, one for
// the decision to make i a duplicate.
const (
	streamPerson = 0x9e3779b97f4a7c15
	streamDup    = 0xc2b2ae3d27d4eb4f
)

func (g *generator) rand(stream uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, stream^uint64(i)*0x100000001b3))
}

// phoneSlots bounds the phones of one contact; phone keys are
// index*phoneSlots+slot, which keeps every number unique.
const phoneSlots = 4

func (g *generator) next(i int) (*contact.Contact, int, Kind) {
	r := g.rand(streamDup, i)
	if i >= 10 && r.Float64() < DuplicateRate {
		kind := Kinds[r.IntN(len(Kinds))]
		for try := 0; try < 20; try++ {
			j := r.IntN(i)
			if !g.original[j] || g.duplicated[j] {
				continue
			}
			p := g.person(j)
			if !p.suits(kind) {
				continue
			}
			g.duplicated[j] = true
			return duplicate(p, kind, r), j, kind
		}
	}
	g.original[i] = true
	return g.person(i).contact(), -1, ""
}

// person is a generated contact before it is written out, with what a
// duplicate needs to know: the ASCII forms of the names and how each phone
// was written.
type person struct {
	loc                               *locale
	prefix, middle, suffix, nickname  string
	first, last                       name
	company, domain, title, dept      string
	typ, level, birthday, anniversary string
	language, timezone, visibility    string
	favorite                          bool
	phones                            []phone
	emails                            []contact.Email
	addresses                         []contact.Address
	socials                           []contact.Social
	urls                              []contact.URL
	tags                              []string
	attrs                             [][2]string
	notes                             []string
}

type phone struct {
	plan   *numberPlan
	nsn    string
	format int
	label  string
}

func (p phone) number() string { return render(p.plan.formats[p.format], p.nsn) }

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// person builds original contact i; it depends only on the seed and i.
func (g *generator) person(i int) *person {
	r := g.rand(streamPerson, i)
	p := &person{}
	native := chance(r, 0.10)
	if native {
		p.loc = pick(r, nativeLocales)
		p.first, p.last = pick(r, p.loc.first), pick(r, p.loc.last)
		// Mixed names are common too: a Müller called Anna.
		if chance(r, 0.2) {
			p.first = pick(r, firstNames)
		}
	} else {
		p.loc = pick(r, englishLocales)
		p.first, p.last = pick(r, firstNames), pick(r, lastNames)
	}
	if chance(r, 0.05) {
		p.prefix = pick(r, prefixes)
	}
	if chance(r, 0.10) {
		p.middle = pick(r, middleNames)
	}
	if chance(r, 0.02) {
		p.suffix = pick(r, suffixes)
	}
	if nick := nicknameOf(p.first.text); nick != "" && chance(r, 0.2) {
		p.nickname = nick
	}

	words := companyWords
	if chance(r, 0.9) {
		w0, w1, w2 := pick(r, words[0]), pick(r, words[1]), pick(r, words[2])
		p.company = strings.TrimSpace(w0 + " " + w1 + " " + w2)
		p.domain = lowerASCII(w0) + lowerASCII(w1) + ".example"
	} else {
		p.domain = pick(r, freeMail)
	}
	if p.company != "" && chance(r, 0.8) {
		p.title = pick(r, titles)
	}
	if p.company != "" && chance(r, 0.4) {
		p.dept = pick(r, departments)
	}
	p.typ = pick(r, []string{"lead", "lead", "Lead", "prospect", "customer", "customer", "other", ""})
	p.level = pick(r, []string{"primary", "primary", "Secondary", "tertiary", ""})
	p.visibility = pick(r, []string{contact.Public, contact.Public, contact.Private})
	p.favorite = chance(r, 0.05)
	if chance(r, 0.4) {
		p.birthday = birthday(r)
	}
	if chance(r, 0.05) {
		p.anniversary = fmt.Sprintf("%04d-%02d-%02d", 1990+r.IntN(35), 1+r.IntN(12), 1+r.IntN(28))
	}
	c := pick(r, p.loc.cities)
	if chance(r, 0.3) {
		p.language = pick(r, p.loc.langs)
	}
	if chance(r, 0.3) {
		p.timezone = c.tz
	}

	// Phones: most contacts have one, some two or three, a few none.
	nPhones := pick(r, []int{0, 1, 1, 1, 1, 1, 2, 2, 2, 3})
	for k := 0; k < nPhones; k++ {
		plan := pick(r, p.loc.plans)
		ph := phone{plan: plan, nsn: plan.nsn(pick(r, plan.prefixes), uint64(i)*phoneSlots+uint64(k)),
			format: r.IntN(len(plan.formats)), label: plan.label}
		switch {
		case k == 1:
			ph.label = pick(r, []string{"work", "home", "mobile"})
		case k == 2:
			ph.label = pick(r, []string{"fax", "other", "home"})
		case chance(r, 0.1):
			ph.label = "" // the default label
		}
		p.phones = append(p.phones, ph)
	}
	// Emails: a work address at the company's domain, sometimes a private one.
	if chance(r, 0.85) || nPhones == 0 {
		p.emails = append(p.emails, contact.Email{Label: pick(r, []string{"work", "work", "", "Work"}), Address: emailLocal(r, p, i) + "@" + p.domain})
	}
	if p.company != "" && chance(r, 0.15) { // a free-mail address besides the company's
		p.emails = append(p.emails, contact.Email{Label: "home", Address: p.first.ascii + "." + p.last.ascii + "." + strconv.Itoa(i) + "@" + pick(r, freeMail)})
	}
	if chance(r, 0.6) {
		street := pick(r, p.loc.streets)
		num := strconv.Itoa(1 + r.IntN(2000))
		if p.loc.streetFirst {
			street += " " + num
		} else {
			street = num + " " + street
		}
		p.addresses = append(p.addresses, contact.Address{Label: pick(r, []string{"work", "work", "home", ""}),
			Street: street, City: c.name, State: c.state, Zip: c.zip, Country: pick(r, p.loc.country)})
	}
	if chance(r, 0.2) {
		p.socials = append(p.socials, contact.Social{Network: "linkedin", Handle: "https://www.linkedin.com/in/" + p.first.ascii + "-" + p.last.ascii + "-" + strconv.Itoa(i)})
	}
	if chance(r, 0.08) {
		p.socials = append(p.socials, contact.Social{Network: pick(r, []string{"twitter", "Telegram", "wechat"}), Handle: "@" + p.first.ascii + strconv.Itoa(i)})
	}
	if p.company != "" && chance(r, 0.1) {
		p.urls = append(p.urls, contact.URL{Label: "work", URL: "https://www." + p.domain + "/"})
	}
	for k, nt := 0, pick(r, []int{0, 0, 0, 1, 1, 2, 3}); k < nt; k++ {
		p.tags = append(p.tags, pick(r, tagPool))
	}
	if chance(r, 0.3) {
		p.attrs = append(p.attrs, [2]string{"source", pick(r, attrSources)})
		if chance(r, 0.5) {
			p.attrs = append(p.attrs, [2]string{"crm_id", fmt.Sprintf("SF-%06d", i)})
		}
		if chance(r, 0.3) {
			p.attrs = append(p.attrs, [2]string{"segment", pick(r, attrSegments)})
		}
	}
	for k, nn := 0, pick(r, []int{0, 0, 0, 0, 0, 1, 1, 2}); k < nn; k++ {
		p.notes = append(p.notes, note(r, p))
	}
	return p
}

func birthday(r *rand.Rand) string {
	y, m, d := 1950+r.IntN(55), 1+r.IntN(12), 1+r.IntN(28)
	switch r.IntN(10) {
	case 0:
		return fmt.Sprintf("--%02d-%02d", m, d)
	case 1, 2:
		return fmt.Sprintf("%02d/%02d/%04d", m, d, y) // accepted on input, stored ISO
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

func emailLocal(r *rand.Rand, p *person, i int) string {
	id := strconv.Itoa(i)
	f, l := p.first.ascii, p.last.ascii
	switch r.IntN(4) {
	case 0:
		return f + "." + l + id
	case 1:
		return f[:1] + l + id
	case 2:
		return f + "_" + id
	}
	return f + "." + l + "." + id
}

func note(r *rand.Rand, p *person) string {
	t := pick(r, noteTexts)
	if !strings.Contains(t, "%") {
		return t
	}
	if strings.Contains(t, "%d") {
		return fmt.Sprintf(t, 1+r.IntN(4))
	}
	arg := pick(r, events)
	if strings.Contains(t, "units") {
		arg = strconv.Itoa(5 * (1 + r.IntN(40)))
	} else if !strings.Contains(t, "trade show") && p.company != "" {
		arg = p.company
	}
	return fmt.Sprintf(t, arg)
}

// contact writes p out as a user would enter it.
func (p *person) contact() *contact.Contact {
	c := &contact.Contact{
		Prefix: p.prefix, FirstName: p.first.text, MiddleName: p.middle, LastName: p.last.text,
		Suffix: p.suffix, Nickname: p.nickname, Company: p.company, Title: p.title, Department: p.dept,
		Type: p.typ, Level: p.level, Birthday: p.birthday, Anniversary: p.anniversary,
		Language: p.language, Timezone: p.timezone, Visibility: p.visibility, Favorite: p.favorite,
		Emails: append([]contact.Email(nil), p.emails...), Addresses: append([]contact.Address(nil), p.addresses...),
		Socials: append([]contact.Social(nil), p.socials...), URLs: append([]contact.URL(nil), p.urls...),
		Tags: append([]string(nil), p.tags...), Attributes: map[string]string{},
	}
	for _, ph := range p.phones {
		c.Phones = append(c.Phones, contact.Phone{Label: ph.label, Number: ph.number()})
	}
	for _, a := range p.attrs {
		c.Attributes[a[0]] = a[1]
	}
	for _, t := range p.notes {
		c.Notes = append(c.Notes, contact.Note{Text: t})
	}
	return c
}

// suits reports whether p can have a duplicate of kind.
func (p *person) suits(kind Kind) bool {
	switch kind {
	case PhoneFormat:
		return len(p.phones) > 0
	case EmailCase:
		return len(p.emails) > 0
	case Nickname:
		return nicknameOf(p.first.text) != ""
	}
	return true
}

// duplicate makes a second entry of kind for original p.
func duplicate(p *person, kind Kind, r *rand.Rand) *contact.Contact {
	d := &person{
		loc: p.loc, first: p.first, last: p.last, company: p.company, title: p.title,
		visibility: pick(r, []string{contact.Public, contact.Private}),
	}
	firstPhone := func() {
		if len(p.phones) > 0 {
			d.phones = p.phones[:1:1]
		}
	}
	firstEmail := func() {
		if len(p.emails) > 0 {
			d.emails = p.emails[:1:1]
		}
	}
	switch kind {
	case PhoneFormat:
		ph := p.phones[0]
		ph.format = (ph.format + 1 + r.IntN(len(ph.plan.formats)-1)) % len(ph.plan.formats)
		ph.label = pick(r, []string{"mobile", "work", ""})
		d.phones = []phone{ph}
	case EmailCase:
		e := p.emails[0]
		e.Address = mixCase(r, e.Address)
		d.emails = []contact.Email{e}
	case Nickname:
		d.first = name{nicknameOf(p.first.text), lowerASCII(nicknameOf(p.first.text))}
		firstEmail()
		if d.emails == nil {
			firstPhone()
		}
	case SurnameTypo:
		d.last = name{typo(r, p.last.text), p.last.ascii}
		firstPhone()
		if d.phones == nil {
			firstEmail()
		}
	case MissingFirst:
		d.first = name{}
		firstEmail()
		if d.emails == nil {
			firstPhone()
		}
	case SwappedNames:
		d.first, d.last = p.last, p.first
		firstPhone()
		if d.phones == nil {
			firstEmail()
		}
	}
	if chance(r, 0.3) {
		d.tags = []string{pick(r, tagPool)}
	}
	if chance(r, 0.2) {
		d.notes = []string{"Entered again from a business card."}
	}
	return d.contact()
}

// mixCase changes the letter case of an email address so that it differs
// from addr but is the same address once lower-cased.
func mixCase(r *rand.Rand, addr string) string {
	at := strings.IndexByte(addr, '@')
	local, domain := addr[:at], addr[at:]
	switch r.IntN(3) {
	case 0:
		return strings.ToUpper(addr)
	case 1:
		return titleWords(local) + strings.ToUpper(domain)
	}
	return titleWords(local) + domain
}

// titleWords upper-cases the first letter of each dot- or underscore-
// separated part: ada.lovelace7 -> Ada.Lovelace7.
func titleWords(s string) string {
	b := []byte(s)
	up := true
	for k, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[k] = c - 'a' + 'A'
		}
		up = c == '.' || c == '_'
	}
	if string(b) == s {
		return strings.ToUpper(s)
	}
	return string(b)
}

// typo makes one keyboard slip in a surname: a letter dropped, doubled or
// swapped with the next one. The result always differs from s.
func typo(r *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 3 {
		return s + string(rs[len(rs)-1])
	}
	// Keep the first letter, as slips rarely hit it, and slip on a letter,
	// not on the space of "Van der Berg".
	k := 1 + r.IntN(len(rs)-2)
	for try := 0; try < len(rs) && !(unicode.IsLetter(rs[k]) && unicode.IsLetter(rs[k+1])); try++ {
		k = 1 + (k % (len(rs) - 2))
	}
	switch r.IntN(3) {
	case 0:
		return string(append(rs[:k:k], rs[k+1:]...))
	case 1:
		if rs[k] != rs[k+1] {
			rs[k], rs[k+1] = rs[k+1], rs[k]
			return string(rs)
		}
	}
	out := append(rs[:k+1:k+1], rs[k:]...)
	return string(out)
}
