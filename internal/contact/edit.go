package contact

import (
	"slices"
	"strconv"
	"strings"
)

// Edit is a change to a contact as `rolo edit`'s flags ask for it, each
// value as the user typed it: the rules of what a field name means, how a
// value to remove is matched against the stored ones and what unsetting a
// field does live here, beside the contact, so that a single edit and a
// bulk one (--where) follow the same ones. The command only binds flags to
// it; its errors name the flags (--set, --rm-phone, ...) since that is
// what the user gave.
type Edit struct {
	// Set holds FIELD=VALUE: a field of LookupField, or visibility.
	Set []string
	// Unset names a field to empty, a list to clear (phones, emails,
	// addresses, socials, urls, tags, attributes: ListNames) or attr.KEY.
	Unset []string

	// The Add lists take values as add does ([LABEL=]VALUE, NETWORK=HANDLE
	// for socials); the Rm lists name stored values: a phone number in any
	// formatting, an email in any case, an address by label, position (1
	// is the first) or as FormatAddress writes it, a social by NETWORK or
	// NETWORK=HANDLE, a URL, a tag in any case.
	AddPhone, RmPhone     []string
	AddEmail, RmEmail     []string
	AddAddress, RmAddress []string
	AddSocial, RmSocial   []string
	AddURL, RmURL         []string
	AddTag, RmTag         []string

	// Attr holds KEY=VALUE (an empty VALUE removes the attribute); RmAttr
	// names keys. A key is one attribute whatever its case.
	Attr, RmAttr []string
}

// listNames are the multi-valued fields that Edit.Unset clears whole.
var listNames = []string{"phones", "emails", "addresses", "socials", "urls", "tags", "attributes"}

// ListNames lists the multi-valued fields that Edit.Unset clears whole,
// for help text and completion.
func ListNames() []string { return slices.Clone(listNames) }

// Empty reports whether e asks for no change at all.
func (e *Edit) Empty() bool {
	for _, l := range [][]string{e.Set, e.Unset, e.AddPhone, e.RmPhone, e.AddEmail, e.RmEmail, e.AddAddress,
		e.RmAddress, e.AddSocial, e.RmSocial, e.AddURL, e.RmURL, e.AddTag, e.RmTag, e.Attr, e.RmAttr} {
		if len(l) > 0 {
			return false
		}
	}
	return true
}

// Check refuses an edit that no contact could take (an unknown field, a
// value without its "=", a field both set and unset), so that the user is
// told before any contact is looked up. What needs the contact (that a
// value to remove is there) is left to Apply.
func (e *Edit) Check() error {
	return e.apply(&Contact{Attributes: map[string]string{}}, "", true)
}

// Apply makes the changes of e on c, in a fixed order: sets, unsets,
// removals, then additions. A value to remove that c does not hold is an
// error naming c, not a change skipped: the user named something that is
// not there. A phone number to remove is read in region, or else as the
// stored number's own country writes it (ReadsAs). The result is validated
// later, with the whole contact (Normalize).
func (e *Edit) Apply(c *Contact, region string) error {
	return e.apply(c, region, false)
}

// apply is Apply; with probe, removals (which need the contact) are not
// made, only the syntax of every value checked.
func (e *Edit) apply(c *Contact, region string, probe bool) error {
	if err := e.setAndUnset(); err != nil {
		return err
	}
	for _, s := range e.Set {
		name, val, ok := strings.Cut(s, "=")
		f, known := LookupField(name)
		if !ok {
			return Errorf(EINVALID, "--set: %s must be FIELD=VALUE", Quote(s))
		}
		if !known && strings.EqualFold(strings.TrimSpace(name), FieldVisibility) {
			// The store decides: a public contact never becomes private
			// again, and only the owner makes a private one public.
			c.Visibility = strings.ToLower(strings.TrimSpace(val))
			if c.Visibility == "" {
				// Not "unset": a contact is always one or the other.
				return Errorf(EINVALID, "--set visibility=: give private or public (a contact has one or the other)")
			}
			continue
		}
		if !known {
			return unknownField("--set", name)
		}
		f.Set(c, val)
	}
	for _, name := range e.Unset {
		if err := unset(c, name); err != nil {
			return err
		}
	}
	if !probe {
		if err := e.remove(c, region); err != nil {
			return err
		}
	}
	for _, s := range e.AddPhone {
		c.Phones = append(c.Phones, ParsePhone(s))
	}
	for _, s := range e.AddEmail {
		c.Emails = append(c.Emails, ParseEmail(s))
	}
	for _, s := range e.AddAddress {
		a, err := ParseAddress(s)
		if err != nil {
			return err
		}
		c.Addresses = append(c.Addresses, a)
	}
	for _, s := range e.AddSocial {
		soc, err := ParseSocial(s)
		if err != nil {
			return err
		}
		c.Socials = append(c.Socials, soc)
	}
	for _, s := range e.AddURL {
		u := ParseURL(s)
		// One web address whatever its case or a trailing slash, as
		// import and merge hold them (URLKey): HTTPS://JAY.ORG beside
		// https://jay.org/ is no second URL.
		if slices.ContainsFunc(c.URLs, func(have URL) bool { return URLKey(have.URL) == URLKey(u.URL) }) {
			continue
		}
		c.URLs = append(c.URLs, u)
	}
	c.Tags = append(c.Tags, e.AddTag...)
	for _, s := range e.Attr {
		k, v, err := ParseAttr(s)
		if err != nil {
			return err
		}
		// One attribute whatever the case of its key: the new spelling
		// replaces the old. An empty value removes it (no attribute).
		empty, err := EmptyAttr(k, v)
		if err != nil {
			return err
		}
		deleteAttr(c, k)
		if !empty {
			if c.Attributes == nil {
				c.Attributes = map[string]string{}
			}
			c.Attributes[k] = v
		}
	}
	return nil
}

// remove makes the removals of e on c, refusing one that names a value c
// does not hold.
func (e *Edit) remove(c *Contact, region string) error {
	for _, r := range e.RmPhone {
		e164, err := NormalizePhone(r, region)
		n := len(c.Phones)
		if err == nil {
			c.Phones = slices.DeleteFunc(c.Phones, func(p Phone) bool { return p.E164 == e164 })
		}
		if len(c.Phones) == n {
			// A number stored in another region's national form
			// ("020 7946 0958" in a US profile) is removed as it is
			// written, read in the profile's region or else in its
			// own country (ReadsAs tries both).
			c.Phones = slices.DeleteFunc(c.Phones, func(p Phone) bool {
				return ReadsAs(r, p.E164, region)
			})
		}
		if len(c.Phones) == n {
			if err != nil {
				return err
			}
			return Errorf(EINVALID, "--rm-phone: %s has no phone %q", c.Name, r)
		}
	}
	for _, r := range e.RmEmail {
		// As NormalizeEmail stores one: an address pasted with a zero
		// width space or with its accents decomposed (as macOS writes
		// them) is the one --add-email finds the contact has.
		addr := strings.ToLower(StoredText(r))
		n := len(c.Emails)
		c.Emails = slices.DeleteFunc(c.Emails, func(e Email) bool { return e.Address == addr })
		if len(c.Emails) == n {
			return Errorf(EINVALID, "--rm-email: %s has no email %q", c.Name, r)
		}
	}
	for _, r := range e.RmAddress {
		n := len(c.Addresses)
		if pos, err := strconv.Atoi(r); err == nil {
			if pos < 1 || pos > n {
				return Errorf(EINVALID, "--rm-address: %s has no address %d (it has %d)", c.Name, pos, n)
			}
			c.Addresses = slices.Delete(c.Addresses, pos-1, pos)
			continue
		}
		// Its text as the change log writes it, pasted with a zero width
		// space or its accents decomposed: as the address is stored.
		text := StoredText(r)
		c.Addresses = slices.DeleteFunc(c.Addresses, func(a Address) bool {
			return strings.EqualFold(a.Label, r) || FormatAddress(a) == r || FormatAddress(a) == text
		})
		if len(c.Addresses) == n {
			return Errorf(EINVALID, "--rm-address: %s has no address %q (give a label or a position)", c.Name, r)
		}
	}
	for _, r := range e.RmSocial {
		n := len(c.Socials)
		net, handle, withHandle := strings.Cut(r, "=")
		// The handle as normalizeSocials stores it (cleanLine).
		handle = StoredText(handle)
		c.Socials = slices.DeleteFunc(c.Socials, func(s Social) bool {
			return strings.EqualFold(s.Network, strings.TrimSpace(net)) && (!withHandle || s.Handle == handle)
		})
		if len(c.Socials) == n {
			return Errorf(EINVALID, "--rm-social: %s has no social profile %q", c.Name, r)
		}
	}
	for _, r := range e.RmURL {
		n := len(c.URLs)
		// As it is written, else in any case and with or without a
		// trailing slash, as --add-url holds one URL (URLKey). Paths
		// are told apart by case (/Docs, /docs), and add keeps both: a
		// URL given as written removes that one alone, and one that
		// could be either is refused rather than both removed.
		u := ParseURL(r)
		// As normalizeURLs stores one: pasted with a zero width space
		// or with its accents decomposed, it is the URL --add-url
		// finds the contact has.
		u.URL = StoredText(u.URL)
		same := func(x URL) bool { return x.URL == u.URL }
		if !slices.ContainsFunc(c.URLs, same) {
			same = func(x URL) bool { return URLKey(x.URL) == URLKey(u.URL) }
			var like []string
			for _, x := range c.URLs {
				if same(x) && !slices.Contains(like, x.URL) {
					like = append(like, x.URL)
				}
			}
			if len(like) > 1 {
				return Errorf(EINVALID, "--rm-url: %s has more than one URL like %q (%s): give the one to remove as it is written", c.Name, r, strings.Join(like, ", "))
			}
		}
		c.URLs = slices.DeleteFunc(c.URLs, same)
		if len(c.URLs) == n {
			return Errorf(EINVALID, "--rm-url: %s has no URL %q", c.Name, r)
		}
	}
	for _, r := range e.RmTag {
		n := len(c.Tags)
		c.Tags = slices.DeleteFunc(c.Tags, func(t string) bool { return SameTag(t, r) })
		if len(c.Tags) == n {
			return Errorf(EINVALID, "--rm-tag: %s has no tag %s", c.Name, Quote(r))
		}
	}
	for _, k := range e.RmAttr {
		if len(c.AttrKeys(k)) == 0 {
			return Errorf(EINVALID, "--rm-attr: %s has no attribute %q", c.Name, k)
		}
		deleteAttr(c, k)
	}
	return nil
}

// setAndUnset refuses a field named by both --set and --unset, or set
// twice to different values (under any of its names: org and company):
// which was meant is the user's to say, not the order rolo applies them in.
func (e *Edit) setAndUnset() error {
	for i, s := range e.Set {
		name, val, _ := strings.Cut(s, "=")
		f, ok := LookupField(name)
		if !ok {
			continue
		}
		for _, t := range e.Set[:i] {
			other, otherVal, _ := strings.Cut(t, "=")
			if g, ok := LookupField(other); ok && g == f && otherVal != val {
				return Errorf(EINVALID, "--set %s and --set %s: give one, not both", strings.TrimSpace(t), strings.TrimSpace(s))
			}
		}
		for _, u := range e.Unset {
			if g, ok := LookupField(u); ok && g == f {
				set, unset := strings.TrimSpace(name), strings.TrimSpace(u)
				if strings.EqualFold(set, unset) {
					return Errorf(EINVALID, "--set %s and --unset %s: give one, not both", set, unset)
				}
				return Errorf(EINVALID, "--set %s and --unset %s (both %s): give one, not both", set, unset, f.Name)
			}
		}
	}
	if err := e.attrAndUnset(); err != nil {
		return err
	}
	return e.tagAndRm()
}

// tagAndRm refuses a tag given to both --add-tag and --rm-tag (in any
// case, as SameTag has it), as tag refuses one given to --add and --rm:
// whether the contact keeps it is the user's to say, not the order rolo
// applies them in.
func (e *Edit) tagAndRm() error {
	for _, a := range e.AddTag {
		for _, r := range e.RmTag {
			if SameTag(a, r) {
				return Errorf(EINVALID, "--add-tag and --rm-tag both name the tag %s; give it to one of them", Quote(strings.TrimSpace(a)))
			}
		}
	}
	return nil
}

// attrAndUnset is setAndUnset for attributes, whose key is one attribute
// whatever its case: an --attr of a key that --unset attr.KEY or --rm-attr
// also names, or an --attr of one key given twice to different values
// (or in two spellings, which would store the later one).
func (e *Edit) attrAndUnset() error {
	for i, s := range e.Attr {
		k, v, err := ParseAttr(s)
		if err != nil {
			continue // apply says what is wrong with it
		}
		for _, t := range e.Attr[:i] {
			other, otherVal, err := ParseAttr(t)
			if err == nil && strings.EqualFold(other, k) && (other != k || strings.TrimSpace(otherVal) != strings.TrimSpace(v)) {
				return Errorf(EINVALID, "--attr %s and --attr %s: give one, not both", strings.TrimSpace(t), strings.TrimSpace(s))
			}
		}
		removed := func(flag, key string) error {
			if key != k {
				return Errorf(EINVALID, "--attr %s and %s (one attribute whatever its case): give one, not both", k, flag)
			}
			return Errorf(EINVALID, "--attr %s and %s: give one, not both", k, flag)
		}
		for _, u := range e.Unset {
			if uk, ok := strings.CutPrefix(u, "attr."); ok && strings.EqualFold(strings.TrimSpace(uk), k) {
				return removed("--unset "+strings.TrimSpace(u), strings.TrimSpace(uk))
			}
		}
		for _, r := range e.RmAttr {
			if strings.EqualFold(strings.TrimSpace(r), k) {
				return removed("--rm-attr "+strings.TrimSpace(r), strings.TrimSpace(r))
			}
		}
	}
	return nil
}

// unknownField is the error for a field name that flag does not take,
// listing those it does.
func unknownField(flag, name string) error {
	names := FieldNames()
	if flag == "--set" {
		// --set visibility=public publishes; there is no unsetting it.
		names = append(names, FieldVisibility)
	}
	return Errorf(EINVALID, "%s: unknown field %s (fields: %s)", flag, Quote(name), strings.Join(names, ", "))
}

// unset empties the field name on c: a scalar field, a whole list (in the
// plural of ListNames or the singular), or the attribute attr.KEY.
func unset(c *Contact, name string) error {
	if f, ok := LookupField(name); ok {
		f.Set(c, "")
		return nil
	}
	switch strings.ToLower(name) {
	case "phones", "phone":
		c.Phones = nil
	case "emails", "email":
		c.Emails = nil
	case "addresses", "address":
		c.Addresses = nil
	case "socials", "social":
		c.Socials = nil
	case "urls", "url":
		c.URLs = nil
	case "tags", "tag":
		c.Tags = nil
	case "attributes", "attrs":
		c.Attributes = map[string]string{}
	default:
		if k, ok := strings.CutPrefix(name, "attr."); ok && k != "" {
			deleteAttr(c, k)
			return nil
		}
		return unknownField("--unset", name)
	}
	return nil
}

// deleteAttr removes the attribute k from c under its key in any case:
// every spelling of it, should c hold two from before keys were matched in
// any case ("plan" and "PLAN").
func deleteAttr(c *Contact, k string) {
	for _, have := range c.AttrKeys(k) {
		delete(c.Attributes, have)
	}
}
