// Package merge implements `rolo merge`, and the questions about
// conflicting fields that `rolo dupes --merge` asks too.
package merge

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// MergeOptions are merge's inputs.
type MergeOptions struct {
	F      *factory.Factory
	Keep   string
	Others []string
	Prefer string
	Picks  []string
	DryRun bool
}

// NewCmdMerge returns the merge command.
func NewCmdMerge(f *factory.Factory, runF func(context.Context, *MergeOptions) error) *cobra.Command {
	opts := &MergeOptions{F: f}
	cmd := &cobra.Command{
		Use:   "merge KEEP OTHER...",
		Short: "Merge duplicate contacts into one",
		Long: `Merge each OTHER into KEEP, losing nothing:

- scalar fields (name parts, company, title, birthday, ...) keep KEEP's value,
  or the other's when KEEP has none; --prefer other turns that around and
  --pick FIELD=ID takes one field from a given contact (repeatable; attr.KEY
  for an attribute). On a terminal without --yes, rolo asks, field by field,
  which of the conflicting values to keep.
- phones, emails, addresses, socials, URLs, tags, attributes and the vCard
  properties rolo does not model (a photo, X- fields, custom labels) are
  unioned without duplicates (by E.164 number, lower-case address, ...). When
  contacts hold different values for one attribute, the chosen one keeps the
  key and each other is kept as KEY.ID (the ID of the contact it came from).
- notes, interactions, the change log, favorites, shares and blocks move to
  KEEP; the OTHERs are removed. KEEP becomes public if any of them was,
  and a public KEEP is shared with nobody (as publish leaves a contact).

Prints the merge ID (-o json: {"merge_id", "contact", "sources"}); rolo
unmerge MERGE_ID restores every contact exactly as it was. --dry-run prints
the merged contact as show would once merged (its interactions those that
would move to KEEP) and changes nothing; with -o json in the same object as
the merge, "merge_id" null.

Merging needs the right to delete: a private contact only by its owner, a
public one by its owner or an owner/manager of the account.`,
		Example: `  rolo merge 12 57
  rolo merge 12 57 83 --pick company=57 --pick attr.source=83 --yes
  rolo merge 12 "ada lovelace acme" --prefer other --dry-run -o json
  rolo dupes -o ids |
    while read keep others; do rolo merge --yes $keep $others; done`,
		Args:              cobra.MinimumNArgs(2),
		ValidArgsFunction: f.CompleteContacts(contact.ScopeActive),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Keep, opts.Others = args[0], args[1:]
			if _, err := ParsePicks(opts.Picks); err != nil {
				return err
			}
			switch opts.Prefer {
			case contact.PreferKeep, contact.PreferOther:
			default:
				return contact.Errorf(contact.EINVALID, "--prefer: %q must be keep or other", opts.Prefer)
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return mergeRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Prefer, "prefer", contact.PreferKeep, "whose scalar values win: keep or other")
	factory.StringArrayVar(fl, &opts.Picks, "pick", "take `FIELD=ID`: the field's value from contact ID")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "print the merged contact and change nothing")
	_ = cmd.RegisterFlagCompletionFunc("prefer", cobra.FixedCompletions([]string{contact.PreferKeep, contact.PreferOther}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("pick", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, name := range contact.FieldNames() {
			out = append(out, name+"=")
		}
		return append(out, "attr."), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	})
	return cmd
}

// ParsePicks reads --pick FIELD=ID values.
func ParsePicks(picks []string) (map[string]int64, error) {
	out := make(map[string]int64, len(picks))
	for _, p := range picks {
		field, v, ok := strings.Cut(p, "=")
		field = strings.TrimSpace(field)
		id, isID := contact.ParseID(strings.TrimSpace(v))
		if !ok || field == "" || !isID || id <= 0 {
			return nil, contact.Errorf(contact.EINVALID, "--pick: %q must be FIELD=ID (example: company=12)", p)
		}
		if k, isAttr := strings.CutPrefix(field, "attr."); !(isAttr && k != "") {
			f, known := contact.LookupField(field)
			if !known {
				return nil, contact.Errorf(contact.EINVALID, "--pick: %q is not a field (use %s or attr.KEY)", field, strings.Join(contact.FieldNames(), ", "))
			}
			field = f.Name
		}
		// One field picked from two contacts (under any of its names, an
		// attribute key in any case): which was meant is the user's to
		// say, not the order of the flags.
		field = contact.PickKey(field)
		if had, twice := out[field]; twice && had != id {
			return nil, contact.Errorf(contact.EINVALID, "--pick: %s is picked from both contact %d and contact %d (pick one)", field, had, id)
		}
		out[field] = id
	}
	return out, nil
}

func mergeRun(ctx context.Context, opts *MergeOptions) error {
	f := opts.F
	out, err := f.Printer()
	if err != nil {
		return err
	}
	// An OTHER given twice is most likely a typo for another contact, as
	// KEEP given again is: refused, not merged once in silence.
	for i, ref := range opts.Others {
		if ref != "-" && slices.Contains(opts.Others[:i], ref) {
			what := "contact " + contact.Shown(ref)
			if _, err := strconv.ParseInt(ref, 10, 64); err != nil {
				what = contact.Quote(ref)
			}
			return contact.Errorf(contact.EINVALID, "merge: %s is named twice", what)
		}
	}
	open := f.ChangeStore
	if opts.DryRun {
		open = f.ReadStore // a dry run creates no database either
	}
	st, err := open(ctx)
	if err != nil {
		return err
	}
	keep, err := st.ResolveRef(ctx, opts.Keep, contact.ScopeActive)
	if err != nil {
		return err
	}
	targets, err := f.ResolveRefs(ctx, st, opts.Others, "", contact.ScopeActive)
	if err != nil {
		return err
	}
	if !slices.Contains(opts.Others, "-") && targets.Len() < len(opts.Others) {
		// Two REFs of one contact (57 and "ada byron"): as typed twice,
		// not merged once in silence while the user counts two.
		return namedTwice(ctx, st, opts.Others)
	}
	others, err := targets.Contacts(ctx, st)
	if err != nil {
		return err
	}
	if len(others) == 0 {
		return factory.NoTargets("")
	}
	picks, _ := ParsePicks(opts.Picks)
	mopts := contact.MergeOptions{Prefer: opts.Prefer, Picks: picks, DryRun: opts.DryRun}
	reach := NewReach(keep, others)
	if f.IO.CanPrompt() && !f.Globals.Yes && !opts.DryRun {
		p := NewPrompter(f)
		if err := p.AskConflicts(ctx, st, keep, others, &mopts); err != nil {
			return err
		}
		// The question names KEEP as the merge will: a first or last name
		// picked from another contact renames it.
		dry := mopts
		dry.DryRun = true
		res, err := st.Merge(ctx, keep.ID, factory.IDs(others), dry)
		if err != nil {
			return err
		}
		ok, err := p.Confirm(reach.Question(fmt.Sprintf("Merge %s into #%d (%s)?", describe(others), keep.ID, res.Contact.Name)))
		if err != nil {
			return err
		}
		if !ok {
			return contact.Errorf(contact.EINTERNAL, "cancelled; nothing was changed")
		}
	}
	res, err := st.Merge(ctx, keep.ID, factory.IDs(others), mopts)
	if err != nil {
		return err
	}
	if opts.DryRun {
		f.Infof("Dry run: merging %s into #%d would give this; nothing was changed.", describe(others), keep.ID)
		reach.Tell(f, true)
		its, err := movedInteractions(ctx, st, keep.ID, factory.IDs(others))
		if err != nil {
			return err
		}
		detail := output.ContactDetail{Contact: res.Contact, Interactions: its, Changes: []contact.Change{}}
		switch out.Format {
		case output.JSON, output.NDJSON:
			return out.JSON(dryRun{Contact: detail, Sources: res.Sources})
		}
		return out.Contact(detail)
	}
	f.Infof("Merged %s into #%d (%s) as merge %d; undo with: rolo unmerge %d", describe(others), keep.ID, contact.MessageName(res.Contact.Name), res.ID, res.ID)
	reach.Tell(f, false)
	switch out.Format {
	case output.JSON, output.NDJSON:
		return out.JSON(res)
	}
	_, err = fmt.Fprintln(f.IO.Out, res.ID)
	return err
}

// namedTwice is the error for OTHERs of which two REFs name one contact.
func namedTwice(ctx context.Context, st contact.Store, refs []string) error {
	first := map[int64]string{}
	for _, ref := range refs {
		c, err := st.ResolveRef(ctx, ref, contact.ScopeActive)
		if err != nil {
			return err
		}
		if had, twice := first[c.ID]; twice {
			return contact.Errorf(contact.EINVALID, "merge: contact %d is named twice (%s and %s)", c.ID, contact.Quote(had), contact.Quote(ref))
		}
		first[c.ID] = ref
	}
	return contact.Errorf(contact.EINVALID, "merge: a contact is named twice")
}

// dryRun is what merge --dry-run -o json prints: a merge's result
// (contact.MergeResult) with no merge ID (null), and the contact as show
// will print it once merged, so that a script reads the preview and the
// merge alike.
type dryRun struct {
	ID      *int64               `json:"merge_id"`
	Contact output.ContactDetail `json:"contact"`
	Sources []int64              `json:"sources"`
}

// Reach is whom a merge lets see what they could not, for the notices of
// merge and dupes --merge alike. KEEP becomes public when any of the
// contacts is: everyone then sees the private ones. Otherwise shares move
// to KEEP, so whoever one contact was shared with sees them all merged.
type Reach struct {
	keep    int64
	private []string // "#12": private contacts a public KEEP shows to everyone
	gained  []sharedGain
}

// NewReach is the reach of merging others into keep, read before the merge.
func NewReach(keep *contact.Contact, others []*contact.Contact) Reach {
	r := Reach{keep: keep.ID}
	all := append([]*contact.Contact{keep}, others...)
	public := slices.ContainsFunc(all, func(c *contact.Contact) bool { return c.Visibility == contact.Public })
	if public {
		for _, c := range all {
			if c.Visibility == contact.Private {
				r.private = append(r.private, "#"+strconv.FormatInt(c.ID, 10))
			}
		}
	}
	r.gained = newlyShared(all, keep.Owner, public)
	return r
}

// Question puts before a merge's question whom it will let see what.
func (r Reach) Question(question string) string {
	if len(r.private) > 0 {
		question = fmt.Sprintf("%s %s private, and the merged contact will be public, seen by everyone. %s",
			strings.Join(r.private, ", "), contact.Plural(len(r.private), "is", "are"), question)
	}
	for _, g := range r.gained {
		question = fmt.Sprintf("%s will see %s, shared with them in the merged contact. %s", g.user, strings.Join(g.unseen, ", "), question)
	}
	return question
}

// Tell says, after a merge (or its dry run), whom it lets see what.
func (r Reach) Tell(f *factory.Factory, dryRun bool) {
	if dryRun {
		if len(r.private) > 0 {
			f.Infof("%s %s private; the merged contact #%d would be public, seen by everyone.", strings.Join(r.private, ", "), contact.Plural(len(r.private), "is", "are"), r.keep)
		}
		for _, g := range r.gained {
			f.Infof("%s cannot see %s; the merged contact #%d would be shared with %s.", g.user, strings.Join(g.unseen, ", "), r.keep, g.user)
		}
		return
	}
	if len(r.private) > 0 {
		f.Infof("%s %s private; the merged contact #%d is public now, seen by everyone.", strings.Join(r.private, ", "), contact.Plural(len(r.private), "was", "were"), r.keep)
	}
	for _, g := range r.gained {
		f.Infof("%s could not see %s; the merged contact #%d is shared with %s now.", g.user, strings.Join(g.unseen, ", "), r.keep, g.user)
	}
}

// sharedGain is a teammate a merge shares with KEEP (as an OTHER was
// shared with them) who could not see some of the merged contacts.
type sharedGain struct {
	user   string
	unseen []string // "#12"
}

// newlyShared is who a private merge lets see what they could not: shares
// move to KEEP (all[0], owned by owner), so whoever one contact was shared
// with sees all of them merged. A merge that makes KEEP public says so
// instead (public).
func newlyShared(all []*contact.Contact, owner string, public bool) []sharedGain {
	if public {
		return nil
	}
	var users []string
	for _, c := range all {
		for _, u := range c.SharedWith {
			if u != owner && !slices.Contains(users, u) {
				users = append(users, u)
			}
		}
	}
	slices.Sort(users)
	var gains []sharedGain
	for _, u := range users {
		g := sharedGain{user: u}
		for _, c := range all {
			if c.Owner != u && !slices.Contains(c.SharedWith, u) {
				g.unseen = append(g.unseen, "#"+strconv.FormatInt(c.ID, 10))
			}
		}
		if g.unseen != nil {
			gains = append(gains, g)
		}
	}
	return gains
}

// movedInteractions is what show would list as KEEP's interactions once the
// OTHERs' have moved to it: the newest of them all, as KEEP's.
func movedInteractions(ctx context.Context, st contact.Store, keepID int64, otherIDs []int64) ([]contact.Interaction, error) {
	all := []contact.Interaction{}
	for _, id := range append([]int64{keepID}, otherIDs...) {
		its, err := st.Interactions(ctx, id, output.ShowInteractions)
		if err != nil {
			return nil, err
		}
		all = append(all, its...)
	}
	for i := range all {
		all[i].ContactID = keepID
	}
	// show's order: newest first, then by ID.
	slices.SortStableFunc(all, func(a, b contact.Interaction) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return all[:min(len(all), output.ShowInteractions)], nil
}

func describe(cs []*contact.Contact) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = "#" + strconv.FormatInt(c.ID, 10)
	}
	return strings.Join(parts, ", ")
}

// Prompter asks the questions of a merge on the terminal, through the
// factory's Ask; the end of input gives up the merge (errNoAnswer).
type Prompter struct {
	f *factory.Factory
}

// NewPrompter returns a prompter on f's stdin and the terminal
// (IOStreams.PromptOut: stderr, or /dev/tty when stderr is redirected).
func NewPrompter(f *factory.Factory) *Prompter {
	return &Prompter{f: f}
}

// Out is where questions go (the terminal).
func (p *Prompter) Out() io.Writer { return p.f.IO.PromptOut() }

// errNoAnswer is end of input while a question waits: the user gave up.
var errNoAnswer = contact.Errorf(contact.EINTERNAL, "no answer; nothing was changed")

// errCancelled is q typed at a merge's question.
var errCancelled = contact.Errorf(contact.EINTERNAL, "cancelled; nothing was changed")

// GaveUp reports whether err is the user giving up at one of the
// prompter's questions (q, or the end of input), which dupes --merge
// takes as quitting the walk, not as a failure.
func GaveUp(err error) bool {
	return errors.Is(err, errCancelled) || errors.Is(err, errNoAnswer)
}

// Ask prints a question and returns the answer, trimmed.
func (p *Prompter) Ask(question string) (string, error) {
	a, ok := p.f.Ask(question)
	if !ok {
		return "", errNoAnswer
	}
	return a, nil
}

// Confirm asks a yes/no question; no is the default.
func (p *Prompter) Confirm(question string) (bool, error) {
	a, err := p.Ask(question + " [y/N] ")
	if err != nil {
		return false, err
	}
	switch strings.ToLower(a) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// AskConflicts asks, for each field on which the contacts disagree and
// that opts does not pick already, which value to keep, showing the values
// side by side, and records the answers in opts.Picks.
func (p *Prompter) AskConflicts(ctx context.Context, st contact.Store, keep *contact.Contact, others []*contact.Contact, opts *contact.MergeOptions) error {
	conflicts, err := st.MergeConflicts(ctx, keep.ID, factory.IDs(others), *opts)
	if err != nil {
		return err
	}
	if opts.Picks == nil {
		opts.Picks = map[string]int64{}
	}
	asked := false
	for _, c := range conflicts {
		if _, ok := opts.Picks[contact.PickKey(c.Field)]; ok {
			continue
		}
		if !asked {
			fmt.Fprintf(p.Out(), "The contacts differ; choose the value to keep (Enter takes the one in brackets, q cancels).\n")
			asked = true
		}
		def := 1
		var line strings.Builder
		fmt.Fprintf(&line, "%-12s", c.Field)
		for i, v := range c.Values {
			if v.ContactID == c.Chosen {
				def = i + 1
			}
			fmt.Fprintf(&line, "  %d) %s (#%d)", i+1, v.Value, v.ContactID)
		}
		fmt.Fprintln(p.Out(), output.Text(line.String()))
		for {
			a, err := p.Ask(fmt.Sprintf("Keep which %s? [%d] ", c.Field, def))
			if err != nil {
				return err
			}
			if strings.EqualFold(a, "q") {
				return errCancelled
			}
			n := def
			if a != "" {
				if n, err = strconv.Atoi(a); err != nil || n < 1 || n > len(c.Values) {
					fmt.Fprintf(p.Out(), "Type a number from 1 to %d, or q.\n", len(c.Values))
					continue
				}
			}
			opts.Picks[c.Field] = c.Values[n-1].ContactID
			break
		}
	}
	return nil
}
