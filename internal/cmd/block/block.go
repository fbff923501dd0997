// Package block implements `rolo block`, `rolo unblock` and `rolo blocked`.
package block

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// BlockOptions are block's and unblock's inputs.
type BlockOptions struct {
	F      *factory.Factory
	Args   []string
	Where  string
	For    string
	Until  string
	Reason string
	// ReasonSet is whether --reason was given: without it, a block that
	// replaces one keeps that one's reason.
	ReasonSet bool
}

// NewCmdBlock returns the block command.
func NewCmdBlock(f *factory.Factory, runF func(context.Context, *BlockOptions) error) *cobra.Command {
	opts := &BlockOptions{F: f}
	cmd := &cobra.Command{
		Use:   "block REF|NUMBER|EMAIL... | - | --where QUERY",
		Short: "Block contacts, numbers or email addresses",
		Long: `Block contacts, or raw phone numbers and email addresses that no contact has.

Blocking a contact blocks all its numbers and emails: rolo lookup reports
any of them as blocked. A NUMBER or EMAIL (any formatting, as rolo lookup
reads it: tel:+1..., an extension such as x7, vanity letters in capitals
such as 1-800-FLOWERS; numbers without + are read in the profile's region)
that a visible contact has blocks that contact; one that no contact has, or
that is blocked on its own already, is blocked on its own.

A block lasts forever unless --for or --until says otherwise; it ends by
itself when its time comes (nothing needs to run), or early with rolo
unblock. Blocking again replaces the block in force, keeping its reason
unless --reason gives another (--reason '' clears it). Past blocks stay in
the contact's history.

A number or email blocked on its own is blocked for whoever calls from it,
whichever contacts have it; a contact's block is on the contact. Blocking a
contact leaves such a block on one of its numbers or emails in force, and
says so when it outlasts the new block; blocking the number or email again
replaces it, and rolo unblock NUMBER lifts it.

  --for    1h, 1d, 1w, 1mo, 1y, 30m (any count: 3d, 2w, 6mo) or forever
  --until  YYYY-MM-DD (local midnight), "YYYY-MM-DD HH:MM" (local time,
           as tables show it), RFC 3339 with an offset or Z, tomorrow,
           next-week (next Monday) or next-month (the 1st), at local
           midnight

On a terminal rolo asks before blocking more than one target, unless --yes.`,
		Example: `  rolo block 12 --reason "abusive calls"
  rolo block "(415) 555-0199" --for 1w --reason robocalls
  rolo block spam@example.com --until next-month
  rolo block --where "tag:spam" --for forever --yes`,
		ValidArgsFunction: f.CompleteContacts(contact.ScopeActive),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			if err := factory.NeedTargets("block", args, opts.Where); err != nil {
				return err
			}
			forSet, untilSet := cmd.Flags().Changed("for"), cmd.Flags().Changed("until")
			if forSet && untilSet {
				return contact.Errorf(contact.EINVALID, "--for and --until: give one, not both")
			}
			// An empty value (a script's unset variable) is no length,
			// not forever.
			if forSet && strings.TrimSpace(opts.For) == "" {
				return contact.Errorf(contact.EINVALID, "--for: is empty (use 1h, 1d, 1w, 1mo, 1y, 30m or forever)")
			}
			if untilSet && strings.TrimSpace(opts.Until) == "" {
				return contact.Errorf(contact.EINVALID, "--until: is empty (use YYYY-MM-DD, tomorrow, next-week or next-month)")
			}
			if _, err := opts.until(f.Now(), f.ShowTime()); err != nil {
				return err
			}
			if _, err := contact.CleanReason(opts.Reason); err != nil {
				return err
			}
			opts.ReasonSet = cmd.Flags().Changed("reason")
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return blockRun(cmd.Context(), opts)
		},
	}
	f.AddWhereFlag(cmd, &opts.Where, "block", contact.ScopeActive)
	cmd.Flags().StringVar(&opts.For, "for", "", "block for `LENGTH`: 1h, 1d, 1w, 1mo, ... (default forever)")
	cmd.Flags().StringVar(&opts.Until, "until", "", "block until `TIME`: YYYY-MM-DD, tomorrow, next-week, ...")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why (`TEXT`), for the block list and history")
	_ = cmd.RegisterFlagCompletionFunc("for", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"1h", "1d", "1w", "1mo", contact.Forever}, cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("until", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"tomorrow", "next-week", "next-month"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// until is when the block ends, nil for forever.
func (o *BlockOptions) until(now time.Time, show contact.ShowTime) (*time.Time, error) {
	switch {
	case o.Until != "":
		t, err := contact.ParseUntil(o.Until, now, show)
		return &t, err
	case o.For != "":
		return contact.ParseFor(o.For, now)
	}
	return nil, nil
}

func blockRun(ctx context.Context, opts *BlockOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	// block prints no data, but says when a block ends as show does.
	out, err := f.ContactPrinter()
	if err != nil {
		return err
	}
	until, err := opts.until(f.Now(), out.Moment)
	if err != nil {
		return err
	}
	// A new database has no contacts: only a number or email can be
	// blocked in one, so block creates a database only for that. A REF,
	// - or --where alone needs one that exists: a mistyped --db, or block
	// notanumber, leaves none behind.
	open := f.ChangeStore
	for _, a := range opts.Args {
		named, err := factory.NamesHandle(a, p.Region)
		if err != nil {
			return err // a number or email that is none, whatever the database
		}
		if named {
			open = f.Store
		}
	}
	st, err := open(ctx)
	if err != nil {
		return err
	}
	t, hs, err := f.ResolveHandles(ctx, st, opts.Args, opts.Where, p.Region, factory.ToBlock)
	if err != nil {
		return err
	}
	n, err := st.Block(ctx, contact.BlockTargets{ContactIDs: t.IDs, Handles: hs, KeepReason: !opts.ReasonSet}, until, opts.Reason)
	if err != nil {
		return err
	}
	how := blockEnd(out, until)
	report(f, "Blocked", how, "it was already blocked "+how, n, t, hs)
	noteOutlasting(ctx, f, out, st, t.IDs, hs, until)
	return nil
}

// blockEnd says how long a block lasts, for a message: "forever",
// "until 2026-06-05 00:00" on a terminal (in the date format, local; "for
// 3d more" in relative dates, and iso's form where show's status would
// give the bare date of an end past 60 days), "until
// 2026-06-05T07:00:00Z" elsewhere.
func blockEnd(out *output.Printer, until *time.Time) string {
	if until == nil {
		return contact.Forever
	}
	end := out.BlockEnd(until)
	if !out.Human() || strings.HasPrefix(end, "for ") {
		return end
	}
	return "until " + out.Moment(*until)
}

// noteOutlasting says (stderr) what keeps a target blocked past until, as
// lookup will report it: a raw block on a number or email of a contact
// blocked (the number's, for whoever calls from it, which blocking the
// contact leaves in force), or the block of a visible contact that has a
// number or email blocked on its own. Raw blocks are the team's, and
// lookup names no contact the actor cannot see, so a note tells nothing
// blocked does not. It is no part of the outcome: one that cannot be read
// is left out.
func noteOutlasting(ctx context.Context, f *factory.Factory, out *output.Printer, st contact.Store, ids []int64, hs []contact.Handle, until *time.Time) {
	if until == nil {
		return // nothing outlasts forever
	}
	outlasts := func(end *time.Time) bool { return end == nil || end.After(*until) }
	if len(ids) > 0 {
		raws, _ := st.RawBlocksOf(ctx, ids)
		for _, r := range raws {
			if !outlasts(r.Until) {
				continue
			}
			who, on := r.E164, "number"
			if who == "" {
				who, on = r.Email, "address"
			}
			f.Infof("Note: %s stays blocked %s by a block on the %s; rolo unblock %s lifts it.", who, blockEnd(out, r.Until), on, who)
		}
	}
	for _, h := range hs {
		r, err := st.Lookup(ctx, h)
		if err != nil || r.Block == nil || len(r.Contacts) == 0 || !outlasts(r.Block.Until) {
			continue
		}
		c := r.Contacts[0]
		f.Infof("Note: %s stays blocked %s by the block of %s (%d), who has it; rolo unblock %d lifts it.", h, blockEnd(out, r.Block.Until), c.Name, c.ID, c.ID)
	}
}

// report says what block/unblock changed, naming a single target.
func report(f *factory.Factory, done, how, already string, n int, t *factory.Targets, hs []contact.Handle) {
	targets := t.Len() + len(hs)
	one := t.Name()
	if len(hs) == 1 {
		one = hs[0].String()
	}
	if how != "" {
		how = " " + how
	}
	switch {
	case targets == 1 && n == 1:
		f.Infof("%s %s%s.", done, one, how)
	case targets == 1:
		f.Infof("No change to %s: %s.", one, already)
	case n == targets:
		f.Infof("%s %d targets%s.", done, n, how)
	default:
		f.Infof("%s %d of %d targets%s (%d unchanged).", done, n, targets, how, targets-n)
	}
}

// NewCmdUnblock returns the unblock command.
func NewCmdUnblock(f *factory.Factory, runF func(context.Context, *BlockOptions) error) *cobra.Command {
	opts := &BlockOptions{F: f}
	cmd := &cobra.Command{
		Use:   "unblock REF|NUMBER|EMAIL... | - | --where QUERY",
		Short: "Lift blocks",
		Long: `Lift the blocks in force on contacts, numbers or email addresses.

Unblocking a contact also lifts blocks on its own numbers and emails. A
NUMBER or EMAIL under a block of its own (made when no contact had it)
names that block, as it does for block: unblocking it lifts that block
alone, and rolo says when a contact that has it stays blocked. The
lifted block stays in the contact's history and in rolo blocked --all.
With -, a row of rolo blocked with no ID (a raw number or email) names the
number or email in its second column: rolo blocked | rolo unblock - lifts
every block listed.

On a terminal rolo asks before unblocking more than one target, unless --yes.`,
		Example: `  rolo unblock 12
  rolo unblock "+1 415 555 0199"
  rolo blocked | rolo unblock - --yes         # every block listed
  rolo blocked -o ids | rolo unblock - --yes  # contacts only, not raw numbers`,
		ValidArgsFunction: f.CompleteContacts(contact.ScopeActive),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			if err := factory.NeedTargets("unblock", args, opts.Where); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return unblockRun(cmd.Context(), opts)
		},
	}
	f.AddWhereFlag(cmd, &opts.Where, "unblock", contact.ScopeAny)
	return cmd
}

func unblockRun(ctx context.Context, opts *BlockOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	// Nothing to unblock in a new database: a mistyped --db is refused.
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	// A contact in the trash stays blocked (see Lookup), so it may be
	// unblocked there: looked for there when not found outside it.
	t, hs, err := f.ResolveHandles(ctx, st, opts.Args, opts.Where, p.Region, factory.ToUnblock)
	if err != nil {
		return err
	}
	n, err := st.Unblock(ctx, contact.BlockTargets{ContactIDs: t.IDs, Handles: hs})
	if err != nil {
		return err
	}
	report(f, "Unblocked", "", "it was not blocked", n, t, hs)
	// A number or email named its raw block: a contact that has it may
	// still be blocked (its own block), and lookup says so.
	out, err := f.Printer()
	if err != nil {
		return nil
	}
	for _, h := range hs {
		r, err := st.Lookup(ctx, h)
		if err != nil || r.Block == nil || len(r.Contacts) == 0 {
			continue
		}
		c := r.Contacts[0]
		f.Infof("Note: %s stays blocked %s by the block of %s (%d), who has it; rolo unblock %d lifts it.", h, blockEnd(out, r.Block.Until), c.Name, c.ID, c.ID)
	}
	return nil
}

// BlockedOptions are blocked's inputs.
type BlockedOptions struct {
	F      *factory.Factory
	All    bool
	Limit  int
	Offset int
}

// NewCmdBlocked returns the blocked command.
func NewCmdBlocked(f *factory.Factory, runF func(context.Context, *BlockedOptions) error) *cobra.Command {
	opts := &BlockedOptions{F: f}
	cmd := &cobra.Command{
		Use:   "blocked",
		Short: "List blocks in force",
		Long: `List the blocks in force, newest first: who is blocked (a contact, with its
ID, or a raw number or email), by whom, since when, until when and why.

With --all, past blocks (lifted or expired) are listed too, with a status
column. -o ids prints the IDs of the blocked contacts only, in ID order: the
contacts is:blocked finds, the trash included. --limit and --offset page
through a long list (of contact IDs with -o ids), as they do for list.`,
		Example: `  rolo blocked
  rolo blocked --all -o json
  rolo blocked --limit 20 --offset 20
  rolo blocked -o ids | rolo unblock -`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := factory.CheckPage(opts.Limit, opts.Offset); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return blockedRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "include lifted and expired blocks")
	factory.PageVars(cmd.Flags(), &opts.Limit, &opts.Offset, "blocks")
	return cmd
}

func blockedRun(ctx context.Context, opts *BlockedOptions) error {
	f := opts.F
	out, err := f.Printer()
	if err != nil {
		return err
	}
	st, err := f.ReadStore(ctx)
	if err != nil {
		return err
	}
	if out.Format == output.IDs {
		// The contacts is:blocked finds: blocked themselves, or through a
		// raw block on a number or email of theirs, in the trash too.
		filter := contact.Filter{Query: "is:blocked", Scope: contact.ScopeAny, IncludeArchived: true, Sort: []string{"id"},
			Limit: opts.Limit, Offset: opts.Offset, Skip: contact.AllParts}
		return out.ContactPages([]string{"id"}, func(page func([]*contact.Contact) error) error {
			return st.EachFound(ctx, filter, factory.PageSize, page)
		})
	}
	headers := []string{"id", "who", "by", "since", "until", "reason"}
	if opts.All {
		headers = append(headers, "status")
	}
	row := func(b contact.BlockRecord) []string {
		id, who := "", b.E164+b.Email
		if b.ContactID != nil {
			id, who = strconv.FormatInt(*b.ContactID, 10), b.Name
		}
		until := contact.Forever
		if b.Until != nil {
			until = out.Time(b.Until)
		}
		r := []string{id, who, b.By, out.Time(&b.CreatedAt), until, b.Reason}
		if opts.All {
			r = append(r, status(&b, f.Now(), out))
		}
		return r
	}
	// A page at a time: 48,000 blocks read at once peaked at 58 MB in
	// TSV; a page at a time, at 32 MB.
	return output.Pages(out, headers, row, func(page func([]contact.BlockRecord) error) error {
		return st.EachBlock(ctx, opts.All, opts.Limit, opts.Offset, factory.PageSize, page)
	})
}

func status(b *contact.BlockRecord, now time.Time, out *output.Printer) string {
	switch {
	case b.LiftedAt != nil:
		return "lifted " + out.Time(b.LiftedAt) + " by " + b.LiftedBy
	case !b.InForce(now):
		return "expired"
	}
	return "in force"
}
