package contact

import (
	"reflect"
	"strings"
	"testing"
)

func mergeFixture() (keep, other *Contact) {
	keep = &Contact{ID: 1, Name: "Ada", FirstName: "Ada", Company: "Acme", Visibility: Private, Owner: "alice",
		Phones: []Phone{{Label: "mobile", Number: "(415) 555-0100", E164: "+14155550100"}},
		Emails: []Email{{Label: "work", Address: "ada@acme.example"}},
		Tags:   []string{"vip"}, Attributes: map[string]string{"source": "webinar"}}
	other = &Contact{ID: 2, FirstName: "Ada", LastName: "Lovelace", Company: "Globex", Visibility: Public, Owner: "bob",
		Phones: []Phone{{Label: "work", Number: "+1 415 555 0100", E164: "+14155550100"}, {Label: "home", Number: "+1 415 555 0199", E164: "+14155550199"}},
		Emails: []Email{{Label: "home", Address: "ada@home.example"}},
		Tags:   []string{"VIP", "gold"}, Attributes: map[string]string{"source": "referral", "crm": "SF-2"}}
	return keep, other
}

func TestMergeContacts(t *testing.T) {
	keep, other := mergeFixture()
	got, err := MergeContacts(keep, []*Contact{other}, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Company != "Acme" || got.LastName != "Lovelace" || got.Visibility != Public || got.Name != "Ada Lovelace" {
		t.Errorf("scalars: %q %q %q %q", got.Company, got.LastName, got.Visibility, got.Name)
	}
	if len(got.Phones) != 2 || got.Phones[0].Label != "mobile" || len(got.Emails) != 2 {
		t.Errorf("phones %v emails %v", got.Phones, got.Emails)
	}
	if !reflect.DeepEqual(got.Tags, []string{"gold", "vip"}) {
		t.Errorf("tags %v", got.Tags)
	}
	if want := map[string]string{"source": "webinar", "source.2": "referral", "crm": "SF-2"}; !reflect.DeepEqual(got.Attributes, want) {
		t.Errorf("attributes %v, want %v", got.Attributes, want)
	}
	if keep.Company != "Acme" || len(keep.Phones) != 1 {
		t.Error("MergeContacts changed its input")
	}

	got, _ = MergeContacts(keep, []*Contact{other}, MergeOptions{Prefer: PreferOther})
	if got.Company != "Globex" || got.Attributes["source"] != "referral" || got.Attributes["source.1"] != "webinar" {
		t.Errorf("prefer other: %q %v", got.Company, got.Attributes)
	}
	got, _ = MergeContacts(keep, []*Contact{other}, MergeOptions{Picks: map[string]int64{"org": 2}})
	if got.Company != "Globex" {
		t.Errorf("--pick org=2 (an alias): company %q", got.Company)
	}
	if _, err := MergeContacts(keep, []*Contact{other}, MergeOptions{Prefer: "newest"}); ErrorCode(err) != EINVALID {
		t.Errorf("--prefer newest: %v", err)
	}
}

// A merge keeps the year of a birthday or anniversary: KEEP's --12-31
// and OTHER's 1990-12-31 are the same day, which the merge takes with its
// year whichever side is preferred, and no conflict to ask about. Another
// day is a conflict as before; a --pick of the day without a year takes it.
func TestMergeKeepsTheYear(t *testing.T) {
	keep := &Contact{ID: 1, FirstName: "Bo", Birthday: "--12-31", Anniversary: "2015-06-01", Attributes: map[string]string{}}
	other := &Contact{ID: 2, FirstName: "Bo", Birthday: "1990-12-31", Anniversary: "--06-01", Attributes: map[string]string{}}
	for _, prefer := range []string{PreferKeep, PreferOther} {
		got, err := MergeContacts(keep, []*Contact{other}, MergeOptions{Prefer: prefer})
		if err != nil {
			t.Fatal(err)
		}
		if got.Birthday != "1990-12-31" || got.Anniversary != "2015-06-01" {
			t.Errorf("prefer %s: birthday %q, anniversary %q, want 1990-12-31 and 2015-06-01", prefer, got.Birthday, got.Anniversary)
		}
		conflicts, err := MergeConflicts(keep, []*Contact{other}, MergeOptions{Prefer: prefer})
		if err != nil || len(conflicts) != 0 {
			t.Errorf("prefer %s: conflicts %+v, %v; want none", prefer, conflicts, err)
		}
	}
	got, _ := MergeContacts(keep, []*Contact{other}, MergeOptions{Picks: map[string]int64{"birthday": 1}})
	if got.Birthday != "--12-31" {
		t.Errorf("--pick birthday=1: %q", got.Birthday)
	}
	third := &Contact{ID: 3, FirstName: "Bo", Birthday: "1991-12-31", Attributes: map[string]string{}}
	conflicts, _ := MergeConflicts(keep, []*Contact{other, third}, MergeOptions{})
	if len(conflicts) != 1 || conflicts[0].Field != "birthday" || len(conflicts[0].Values) != 2 || conflicts[0].Chosen != 2 {
		t.Errorf("two years of the day: conflicts %+v, want 1990 (chosen) and 1991", conflicts)
	}
}

// TestUnmergeContact: the three-way rule. What the merge changed and
// nobody changed since goes back; later edits stay. The private KEEP the
// merge made public stays public: public -> private never is.
func TestUnmergeContact(t *testing.T) {
	keep, other := mergeFixture()
	after, err := MergeContacts(keep, []*Contact{other}, MergeOptions{Picks: map[string]int64{"company": 2}})
	if err != nil {
		t.Fatal(err)
	}
	want := without(keep)
	want.Visibility = Public
	if got := UnmergeContact(keep, after, after, nil); !reflect.DeepEqual(without(got), want) {
		t.Errorf("unmerge with no later edit:\n%+v\nwant\n%+v", got, want)
	}

	now := after.Clone()
	now.Title = "CTO"                    // new since
	now.LastName = "King"                // changed since
	now.Tags = append(now.Tags, "later") // added since
	now.Attributes["crm"] = "SF-3"       // a value from the other, changed since
	now.Phones = now.Phones[1:]          // KEEP's own phone removed since
	got := UnmergeContact(keep, after, now, nil)
	if got.Company != "Acme" || got.Title != "CTO" || got.LastName != "King" {
		t.Errorf("scalars: company %q title %q last %q", got.Company, got.Title, got.LastName)
	}
	if !reflect.DeepEqual(got.Tags, []string{"vip", "later"}) {
		t.Errorf("tags %v", got.Tags)
	}
	if want := map[string]string{"source": "webinar", "crm": "SF-3"}; !reflect.DeepEqual(got.Attributes, want) {
		t.Errorf("attributes %v, want %v", got.Attributes, want)
	}
	if len(got.Phones) != 0 || got.Visibility != Public {
		t.Errorf("phones %v visibility %s", got.Phones, got.Visibility)
	}
}

// without clears what UnmergeContact leaves to the store (notes, favorite,
// shares, block, activity: rows that move back by themselves).
func without(c *Contact) *Contact {
	c = c.Clone()
	c.Notes, c.Favorite, c.SharedWith, c.Blocked, c.LastActivityAt, c.LastChannel = nil, false, nil, nil, nil, ""
	return c
}

// Attribute keys that differ only in case are one attribute in a merge:
// one key, spelled as KEEP spells it, the value that lost kept under
// KEY.ID, and --pick names it in any case.
func TestMergeAttributesInAnyCase(t *testing.T) {
	keep := &Contact{ID: 2, FirstName: "Ada", Attributes: map[string]string{"plan": "a"}}
	other := &Contact{ID: 3, FirstName: "Ada", Attributes: map[string]string{"Plan": "b"}}
	got, err := MergeContacts(keep, []*Contact{other}, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"plan": "a", "plan.3": "b"}; !reflect.DeepEqual(got.Attributes, want) {
		t.Errorf("attributes %v, want %v", got.Attributes, want)
	}
	opts := MergeOptions{Picks: map[string]int64{"attr.PLAN": 3}}
	got, err = MergeContacts(keep, []*Contact{other}, opts)
	if err != nil {
		t.Fatalf("--pick attr.PLAN=3: %v", err)
	}
	if want := map[string]string{"plan": "b", "plan.2": "a"}; !reflect.DeepEqual(got.Attributes, want) {
		t.Errorf("picked: attributes %v, want %v", got.Attributes, want)
	}
	cs, err := MergeConflicts(keep, []*Contact{other}, opts)
	if err != nil || len(cs) != 1 || cs[0].Field != "attr.plan" || cs[0].Chosen != 3 || len(cs[0].Values) != 2 {
		t.Errorf("conflicts %+v, %v", cs, err)
	}
}

// A value that lost under a key of 64 bytes that already ends in three
// .ID (made by merges before) went under a fourth .ID, a key an import
// refuses: the merged contact's own JSON or CSV export did not import, and
// its vCard export imported under another key. It goes under the key the
// others were made from.
func TestMergeAttributesLongKeyFourthID(t *testing.T) {
	k := strings.Repeat("k", MaxKeyLen)
	keep := &Contact{ID: 1, FirstName: "Ann", Attributes: map[string]string{k: "1", k + ".2": "2", k + ".2.3": "x", k + ".2.3.4": "y"}}
	other := &Contact{ID: 5, FirstName: "Ann", Attributes: map[string]string{k + ".2.3.4": "z"}}
	got, err := MergeContacts(keep, []*Contact{other}, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{k: "1", k + ".2": "2", k + ".2.3": "x", k + ".2.3.4": "y", k + ".5": "z"}
	if !reflect.DeepEqual(got.Attributes, want) {
		t.Errorf("attributes %v, want %v", got.Attributes, want)
	}
	for key := range got.Attributes {
		if !ValidAttrKey(key) {
			t.Errorf("merge made key %q, which an import refuses", key)
		}
	}
	// A short key takes any number of .ID, as before.
	keep = &Contact{ID: 1, FirstName: "Ann", Attributes: map[string]string{"plan.2.3.4": "y"}}
	other = &Contact{ID: 5, FirstName: "Ann", Attributes: map[string]string{"plan.2.3.4": "z"}}
	if got, err = MergeContacts(keep, []*Contact{other}, MergeOptions{}); err != nil || got.Attributes["plan.2.3.4.5"] != "z" {
		t.Errorf("short key: %v, %v", got.Attributes, err)
	}
}

// The vCard extras of a merge are those of both contacts, each line once:
// a group of lines (a label and the value it labels) that the contact
// holds, under any name, is not added again, and one whose name it uses
// for another group gets a name of its own, so that merging the same card
// twice adds nothing the second time.
func TestJoinVCardExtra(t *testing.T) {
	const keep = "X-KEEP:mine\nitem1.X-ABLabel;X-ROLO-FOR=\"TEL:+14155550199\":Car\nPHOTO:data:image/jpeg;base64,QQ=="
	for _, tc := range []struct{ name, add, want string }{
		{"nothing to add", "", keep},
		{"held lines", "PHOTO:data:image/jpeg;base64,QQ==\nX-KEEP:mine", keep},
		{"new lines, a second photo", "X-CUSTOM:1\nPHOTO:data:image/jpeg;base64,Qg==",
			keep + "\nX-CUSTOM:1\nPHOTO:data:image/jpeg;base64,Qg=="},
		{"a group of another name", "item7.X-ABLabel:Spouse\nitem7.X-ABDATE:2001-01-01",
			keep + "\nitem7.X-ABLabel:Spouse\nitem7.X-ABDATE:2001-01-01"},
		{"a group of a name in use", "ITEM1.X-ABLabel;X-ROLO-FOR=\"TEL:+14155550100\":Assistant\nitem2.X-ABLabel:Spouse",
			keep + "\nitem3.X-ABLabel;X-ROLO-FOR=\"TEL:+14155550100\":Assistant\nitem2.X-ABLabel:Spouse"},
		{"a group held under another name", "item4.X-ABLabel;X-ROLO-FOR=\"TEL:+14155550199\":Car", keep},
	} {
		got := JoinVCardExtra(keep, tc.add)
		if got != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
		if again := JoinVCardExtra(got, tc.add); again != got {
			t.Errorf("%s: joined twice, got\n%s", tc.name, again)
		}
	}
	if got := JoinVCardExtra("", "X-A:1"); got != "X-A:1" {
		t.Errorf("into none: %q", got)
	}
	keepC, other := mergeFixture()
	keepC.VCardExtra, other.VCardExtra = keep, "X-CUSTOM:1"
	out, err := MergeContacts(keepC, []*Contact{other}, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if out.VCardExtra != keep+"\nX-CUSTOM:1" {
		t.Errorf("merged vcard_extra %q", out.VCardExtra)
	}
	// Unmerged, KEEP has its own back, and a line added since stays.
	now := out.Clone()
	now.VCardExtra += "\nX-LATER:1"
	if back := UnmergeContact(keepC, out, now, Given{}); back.VCardExtra != keep+"\nX-LATER:1" {
		t.Errorf("unmerged vcard_extra %q", back.VCardExtra)
	}
}
