// Package dupes implements `rolo dupes`.
package dupes

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/cmd/merge"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/dupes"
	"github.com/rolo-cli/rolo/internal/output"
)

// DupesOptions are dupes' inputs.
type DupesOptions struct {
	F        *factory.Factory
	Query    string
	MinScore float64
	MaxBlock int
	Merge    bool
}

// NewCmdDupes returns the dupes command.
func NewCmdDupes(f *factory.Factory, runF func(context.Context, *DupesOptions) error) *cobra.Command {
	opts := &DupesOptions{F: f}
	cmd := &cobra.Command{
		Use:   "dupes [QUERY]",
		Short: "Find likely duplicate contacts",
		Long: `Find groups of contacts that are likely the same person, among the contacts
you can see that match QUERY (all of them without one; archived contacts and
the trash only when the query asks for them).

Each pair comes with a score from 0 to 1 and its reasons: the same E.164
phone, the same email or UID, and names that fit: equal but for case and
accents, a nickname (Bob/Robert), an initial (J. Smith/John Smith), first and
last swapped, one letter off, one without a first or last name; the same
company or city counts too. Names alone, even at one company, score at most
0.7: the default --min-score 0.8 reports the pairs that share a phone, email
or UID, and two records of one company that name no person in the same city
(0.8; 0.7 with no city in common, 0.5 when both have phones, or both emails,
and share none). --max-block N skips a phone, email or name key shared by
more than N contacts (default 50).

In a group every two contacts are a reported pair, and a contact is in one
group at most. A contact that pairs with some of a group but not all (two
people who list their company's switchboard number both pair with the
switchboard's record, not with each other) stays out of it; its pair is
still listed, without a group number, and after merging the groups a new
run of rolo dupes compares the merged contact again.

Output: one line per pair (group, a, b, score, names, reasons); -o json gives
the groups ({"keep", "ids", "contacts", "pairs": [{"a", "b", "score",
"reasons"}], "related": the pairs left out, between one of the group and
another contact}); -o ids gives one group per line, the suggested contact to
keep first, ready for rolo merge. --merge walks the groups on a terminal and
asks for each: merge, skip or quit. Quitting (q or Ctrl-D, also at a field's
question) keeps the groups merged so far, not the one asked about. With -o json
it prints the merges done, an array of what merge -o json prints
({"merge_id", "contact", "sources"}).`,
		Example: `  rolo dupes
  rolo dupes company:acme --min-score 0.6
  rolo dupes -o ids |
    while read keep others; do rolo merge --yes $keep $others; done
  rolo dupes -o json |
    jq -r '.[] | select(all(.pairs[]; .score >= 0.95)) | .ids | join(" ")' |
    while read keep others; do rolo merge --yes $keep $others; done
  rolo dupes --merge`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query = strings.Join(args, " ")
			if opts.MinScore <= 0 || opts.MinScore > 1 {
				return contact.Errorf(contact.EINVALID, "--min-score: %v must be above 0 and at most 1", opts.MinScore)
			}
			if opts.MaxBlock < 2 {
				return contact.Errorf(contact.EINVALID, "--max-block: %d must be at least 2", opts.MaxBlock)
			}
			if opts.Merge && !f.Globals.Yes && !f.IO.CanPrompt() {
				return contact.Errorf(contact.EINVALID, "--merge asks on a terminal; in a script use --merge --yes, or: rolo dupes -o ids | while read keep others; do rolo merge --yes $keep $others; done")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return dupesRun(cmd.Context(), opts)
		},
	}
	cmd.ValidArgsFunction = f.CompleteQuery(contact.ScopeActive)
	cmd.Annotations = map[string]string{factory.QueryArgs: "true", factory.Interruptible: "true"}
	fl := cmd.Flags()
	factory.Float64Var(fl, &opts.MinScore, "min-score", dupes.DefaultMinScore, "report pairs scoring at least `S` (0-1)")
	factory.IntVar(fl, &opts.MaxBlock, "max-block", dupes.DefaultMaxBlock, "skip a key shared by more than `N` contacts")
	fl.BoolVar(&opts.Merge, "merge", false, "merge the groups (asks on a terminal; all with --yes)")
	return cmd
}

func dupesRun(ctx context.Context, opts *DupesOptions) error {
	f := opts.F
	out, err := f.Printer()
	if err != nil {
		return err
	}
	// --merge changes the database: opened as a write would open it
	// (refused up front where it cannot be written; a backup's rollback
	// journal switched to WAL), not as a command that only reads.
	open := f.ReadStore
	if opts.Merge {
		open = f.ChangeStore
	}
	st, err := open(ctx)
	if err != nil {
		return err
	}
	finder := dupes.NewFinder()
	if err := st.MatchRecords(ctx, opts.Query, func(r *contact.MatchRecord) error {
		finder.Add(r)
		return nil
	}); err != nil {
		return err
	}
	res := finder.Find(dupes.Options{MinScore: opts.MinScore, MaxBlock: opts.MaxBlock})
	report(f, res, opts)
	if opts.Merge {
		return mergeGroups(ctx, f, out, st, res.Groups)
	}
	return print(f, out, res.Groups)
}

func report(f *factory.Factory, res *dupes.Result, opts *DupesOptions) {
	s := res.Stats
	members := 0
	for _, g := range res.Groups {
		members += len(g.IDs)
	}
	if len(res.Groups) == 0 {
		f.Infof("No likely duplicates among %d %s (--min-score %.2f).", s.Contacts, contact.Plural(s.Contacts, "contact", "contacts"), opts.MinScore)
	} else {
		f.Infof("%d %s of likely duplicates (%d contacts) among %d %s (--min-score %.2f).",
			len(res.Groups), contact.Plural(len(res.Groups), "group", "groups"), members, s.Contacts, contact.Plural(s.Contacts, "contact", "contacts"), opts.MinScore)
	}
	if left := len(leftOut(res.Groups)); left > 0 {
		f.Infof("%d more %s in no group: %s a contact with some of a group's contacts but not all; merge the groups, then run rolo dupes again.",
			left, contact.Plural(left, "pair is", "pairs are"), contact.Plural(left, "it pairs", "each pairs"))
	}
	if s.Oversized > 0 {
		f.Infof("%d %s shared by more than %d contacts (a switchboard number, a very common name in one city or company) %s skipped; --max-block raises the limit.",
			s.Oversized, contact.Plural(s.Oversized, "phone, email or name key", "phone, email or name keys"), opts.MaxBlock, contact.Plural(s.Oversized, "was", "were"))
	}
}

func print(f *factory.Factory, out *output.Printer, groups []dupes.Group) error {
	switch out.Format {
	case output.JSON, output.NDJSON:
		return out.JSONList(len(groups), func(i int) any { return groups[i] })
	case output.IDs:
		// One group a line, its IDs separated by spaces.
		rows := make([][]string, len(groups))
		for gi, g := range groups {
			ids := make([]string, len(g.IDs))
			for i, id := range g.IDs {
				ids[i] = strconv.FormatInt(id, 10)
			}
			rows[gi] = []string{strings.Join(ids, " ")}
		}
		return out.Rows([]string{"ids"}, rows)
	}
	var rows [][]string
	row := func(group string, p dupes.Pair, names map[int64]string) []string {
		return []string{group, strconv.FormatInt(p.A, 10), strconv.FormatInt(p.B, 10),
			strconv.FormatFloat(p.Score, 'f', 2, 64), names[p.A], names[p.B], strings.Join(p.Reasons, "; ")}
	}
	names := map[int64]string{}
	for gi, g := range groups {
		for _, m := range g.Contacts {
			names[m.ID] = m.Name
		}
		for _, p := range g.Pairs {
			rows = append(rows, row(strconv.Itoa(gi+1), p, names))
		}
	}
	// The pairs in no group, after the groups, with no group number.
	for _, r := range leftOut(groups) {
		names[r.Outside.ID] = r.Outside.Name
		rows = append(rows, row("", r.Pair, names))
	}
	return out.Rows([]string{"group", "a", "b", "score", "a_name", "b_name", "reasons"}, rows)
}

// leftOut returns the reported pairs that are in no group, once each (one
// joining two groups is in the Related of both), in the order of the
// groups.
func leftOut(groups []dupes.Group) []dupes.Related {
	var out []dupes.Related
	seen := map[[2]int64]bool{}
	for _, g := range groups {
		for _, p := range g.Related {
			if k := [2]int64{p.A, p.B}; !seen[k] {
				seen[k] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// mergeGroups merges the groups (walkGroups) and, with -o json, prints the
// merges done as merge -o json prints one, in an array: also those done
// before a failure, which stay; with -o ids their merge IDs, with another
// -o a row each (merge_id, contact, sources).
func mergeGroups(ctx context.Context, f *factory.Factory, out *output.Printer, st contact.Store, groups []dupes.Group) error {
	done := []*contact.MergeResult{}
	err := walkGroups(ctx, f, st, groups, func(r *contact.MergeResult) { done = append(done, r) })
	var perr error
	switch {
	case out.Format == output.JSON || out.Format == output.NDJSON:
		perr = out.JSONList(len(done), func(i int) any { return done[i] })
	case f.Globals.Output == "":
		// What was merged is said on stderr.
	case out.Format == output.IDs:
		// The merge IDs, as merge prints its one, for unmerge.
		ids := make([]int64, len(done))
		for i, r := range done {
			ids[i] = r.ID
		}
		perr = out.IDs(ids)
	default:
		rows := make([][]string, len(done))
		for i, r := range done {
			sources := make([]string, len(r.Sources))
			for j, id := range r.Sources {
				sources[j] = strconv.FormatInt(id, 10)
			}
			rows[i] = []string{strconv.FormatInt(r.ID, 10), strconv.FormatInt(r.Contact.ID, 10), strings.Join(sources, ",")}
		}
		perr = out.Rows([]string{"merge_id", "contact", "sources"}, rows)
	}
	if err == nil {
		err = perr
	}
	return err
}

// walkGroups walks the groups: on a terminal it shows each and asks
// (merge, skip, quit, or the ID to keep); with --yes it merges them all,
// each into its suggested contact, and gives each merge to onMerge. A
// group that cannot be merged (a teammate's contact the user may not
// merge) is reported and skipped. Quitting at any question ends the walk
// with the summary, the groups merged so far staying merged.
func walkGroups(ctx context.Context, f *factory.Factory, st contact.Store, groups []dupes.Group, onMerge func(*contact.MergeResult)) error {
	p := merge.NewPrompter(f)
	merged, failed := 0, 0
	var firstErr error
	for gi, g := range groups {
		cs, err := st.FindContacts(ctx, contact.Filter{IDs: g.IDs, Scope: contact.ScopeActive, IncludeArchived: true, Sort: []string{"id"}})
		if err != nil {
			return err
		}
		if len(cs) < 2 {
			continue // merged or removed while we walked
		}
		keepID := g.Keep
		opts := contact.MergeOptions{Prefer: contact.PreferKeep}
		if !f.Globals.Yes {
			showGroup(f, gi+1, len(groups), g, cs)
			answer, err := askGroup(p, g)
			if merge.GaveUp(err) {
				answer, err = "q", nil // Ctrl-D quits, as q does
			}
			if err != nil {
				return err
			}
			if answer == "q" {
				break
			}
			if answer == "s" {
				continue
			}
			keepID, _ = strconv.ParseInt(answer, 10, 64)
		}
		keep, others := split(cs, keepID)
		if !f.Globals.Yes {
			if err := p.AskConflicts(ctx, st, keep, others, &opts); err != nil {
				if merge.GaveUp(err) {
					// q or Ctrl-D at a field's question quits the walk
					// there: the groups merged before stay merged, and
					// the summary says so.
					f.Infof("Quit: group %d was not merged.", gi+1)
					break
				}
				if contact.ErrorCode(err) == contact.EPERM {
					f.Infof("Skipped: %s", contact.ErrorMessage(err))
					failed++
					firstErr = keepFirst(firstErr, err)
					continue
				}
				return err
			}
		}
		reach := merge.NewReach(keep, others)
		res, err := st.Merge(ctx, keep.ID, factory.IDs(others), opts)
		if err != nil {
			switch contact.ErrorCode(err) {
			case contact.EPERM, contact.ENOTFOUND:
				f.Infof("Skipped group %d: %s", gi+1, contact.ErrorMessage(err))
				failed++
				firstErr = keepFirst(firstErr, err)
				continue
			}
			return err
		}
		merged++
		onMerge(res)
		f.Infof("Merged %s into #%d as merge %d (undo: rolo unmerge %d).", idList(factory.IDs(others)), keep.ID, res.ID, res.ID)
		reach.Tell(f, false)
	}
	f.Infof("%d %s merged.", merged, contact.Plural(merged, "group", "groups"))
	if failed > 0 {
		return contact.Errorf(contact.ErrorCode(firstErr), "%d %s could not be merged; the first: %s", failed, contact.Plural(failed, "group", "groups"), contact.ErrorMessage(firstErr))
	}
	return nil
}

func keepFirst(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

func split(cs []*contact.Contact, keepID int64) (*contact.Contact, []*contact.Contact) {
	var keep *contact.Contact
	var others []*contact.Contact
	for _, c := range cs {
		if c.ID == keepID {
			keep = c
		} else {
			others = append(others, c)
		}
	}
	if keep == nil {
		keep, others = cs[0], cs[1:]
	}
	return keep, others
}

func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = "#" + strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ", ")
}

// showGroup shows a group on the terminal, its names, values and reasons
// escaped (output.Text).
func showGroup(f *factory.Factory, n, total int, g dupes.Group, cs []*contact.Contact) {
	w := f.IO.PromptOut()
	fmt.Fprintf(w, "\nGroup %d of %d:\n", n, total)
	for _, c := range cs {
		var details []string
		for _, v := range []string{c.Company, first(c.Phones, func(p contact.Phone) string { return p.Number }),
			first(c.Emails, func(e contact.Email) string { return e.Address })} {
			if v != "" {
				details = append(details, v)
			}
		}
		mark := " "
		if c.ID == g.Keep {
			mark = "*"
		}
		fmt.Fprintf(w, " %s #%-6d %s\n", mark, c.ID, output.Text(c.Name+"  "+strings.Join(details, "  ")))
	}
	for _, p := range g.Pairs {
		fmt.Fprintf(w, "   #%d-#%d %.2f: %s\n", p.A, p.B, p.Score, output.Text(strings.Join(p.Reasons, "; ")))
	}
	for _, p := range g.Related {
		fmt.Fprintf(w, "   #%d-#%d %.2f, not in this group (pairs with some of it, not all): %s\n", p.A, p.B, p.Score, output.Text(strings.Join(p.Reasons, "; ")))
	}
}

func first[T any](vs []T, s func(T) string) string {
	if len(vs) == 0 {
		return ""
	}
	return s(vs[0])
}

// askGroup returns "m" resolved to the ID to keep, "s" or "q".
func askGroup(p *merge.Prompter, g dupes.Group) (string, error) {
	for {
		a, err := p.Ask(fmt.Sprintf("[m]erge into #%d, an ID to keep instead, [s]kip, [q]uit? [s] ", g.Keep))
		if err != nil {
			return "", err
		}
		switch strings.ToLower(a) {
		case "m", "merge":
			return strconv.FormatInt(g.Keep, 10), nil
		case "", "s", "skip":
			return "s", nil
		case "q", "quit":
			return "q", nil
		}
		if id, ok := contact.ParseID(strings.TrimPrefix(a, "#")); ok {
			for _, m := range g.IDs {
				if m == id {
					return strconv.FormatInt(id, 10), nil
				}
			}
		}
		fmt.Fprintf(p.Out(), "Type m, s, q or one of %s.\n", idList(g.IDs))
	}
}
