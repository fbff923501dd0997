// Package interaction implements `rolo log`, which records a call, message
// or meeting with a contact.
package interaction

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// LogOptions are log's inputs.
type LogOptions struct {
	F         *factory.Factory
	Target    string
	Channel   string
	Direction string
	At        string
	Summary   string
	Duration  string
}

// NewCmdLog returns the log command.
func NewCmdLog(f *factory.Factory, runF func(context.Context, *LogOptions) error) *cobra.Command {
	opts := &LogOptions{F: f}
	cmd := &cobra.Command{
		Use:   "log REF|NUMBER|EMAIL --channel C --direction in|out",
		Short: "Record a call, message or meeting",
		Long: factory.Wrap("Record an interaction with a contact: its channel ("+strings.Join(contact.Channels, ", ")+
			"), direction (in or out), time (--at, default now), summary and duration. "+
			"The contact's last activity and last channel (activity:, channel: in "+
			"queries) move to it unless a later interaction is already recorded.", 78) + `

Given a NUMBER or EMAIL (any formatting, as rolo lookup reads it: tel:+1...,
an extension such as x7, vanity letters in capitals such as 1-800-FLOWERS)
that no contact you can see has, rolo creates a contact for it, as an
inbound call does on a phone platform, and says so on stderr (and when
that number or email is blocked already). The new contact gets the
profile's visibility.

--at takes now, today or yesterday (local midnight), an age ("2h ago",
"3d ago"), YYYY-MM-DD (local midnight), "YYYY-MM-DD HH:MM" (local time,
as tables show it) or RFC 3339 (with its offset or Z); not a time in the
future.
--duration takes 90s, 5m, 1h30m, 4:30 (MM:SS) or a number of seconds.`,
		Example: `  rolo log 12 --channel call --direction out --duration 5m \
    --summary "Renewal: wants a quote"
  rolo log "+1 415 555 0123" --channel call --direction in \
    --at "2026-06-14 16:30"
  rolo log ada@example.com --channel email --direction in \
    --summary "Asked for the deck"
  rolo log ada --channel meeting --direction out --at yesterday --duration 1h`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: f.CompleteContact(contact.ScopeActive),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Target = args[0]
			if _, err := opts.interaction(f.Now(), f.ShowTime()); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return logRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Channel, "channel", "", "how it happened (a `CHANNEL` named above)")
	fl.StringVar(&opts.Direction, "direction", "", "in (inbound) or out (outbound)")
	fl.StringVar(&opts.At, "at", "", "when it happened (default now)")
	fl.StringVar(&opts.Summary, "summary", "", "what it was about")
	fl.StringVar(&opts.Duration, "duration", "", "how long it lasted: 90s, 5m, 1h30m")
	_ = cmd.RegisterFlagCompletionFunc("channel", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return contact.Channels, cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("direction", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{contact.Inbound, contact.Outbound}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// interaction builds and checks the interaction the flags describe.
func (o *LogOptions) interaction(now time.Time, show contact.ShowTime) (*contact.Interaction, error) {
	it := &contact.Interaction{Channel: o.Channel, Direction: o.Direction, Summary: o.Summary, At: now}
	if err := it.Normalize(); err != nil {
		return nil, err
	}
	if o.At != "" {
		at, err := contact.ParseWhen(o.At, now, show)
		if err != nil {
			return nil, err
		}
		it.At = at
	}
	if o.Duration != "" {
		d, err := contact.ParseCallDuration(o.Duration)
		if err != nil {
			return nil, err
		}
		it.DurationSeconds = int64(d / time.Second)
	}
	return it, nil
}

func logRun(ctx context.Context, opts *LogOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	out, err := f.Printer()
	if err != nil {
		return err
	}
	it, err := opts.interaction(f.Now(), out.Moment)
	if err != nil {
		return err
	}
	// A number or email that no contact has creates a contact, so log
	// of one creates the database, as block of one does; a REF needs a
	// database that exists. One meant as a number that is none is
	// refused whatever the database.
	named, err := factory.NamesHandle(opts.Target, p.Region)
	if err != nil {
		return err
	}
	open := f.ChangeStore
	if named {
		open = f.Store
	}
	st, err := open(ctx)
	if err != nil {
		return err
	}
	var stored, newContact *contact.Contact
	var h *contact.Handle
	// A number no contact had when it was looked up may have one by the
	// time the write begins (two hooks logging the same new caller at
	// once): LogInteraction then creates none, and it is looked up again.
	for tries := 0; ; tries++ {
		var c *contact.Contact
		c, h, err = f.ResolveHandle(ctx, st, opts.Target, p.Region)
		if err != nil {
			return err
		}
		it.ContactID, newContact = 0, nil
		if c != nil {
			it.ContactID = c.ID
		} else {
			newContact = &contact.Contact{Visibility: p.Visibility, Attributes: map[string]string{}}
			if h.E164 != "" {
				newContact.Phones = []contact.Phone{{Number: strings.TrimSpace(opts.Target)}}
			} else {
				newContact.Emails = []contact.Email{{Address: h.Email}}
			}
		}
		stored, err = st.LogInteraction(ctx, it, newContact)
		if errors.Is(err, contact.ErrHandleTaken) && tries < 3 {
			continue
		}
		if err != nil {
			return err
		}
		break
	}
	if newContact != nil {
		f.Infof("Created %s contact %d for %s: no contact you can see had it.", stored.Visibility, stored.ID, h)
		// One in the trash may be the person: said, so that they can be
		// made one again rather than live on as two.
		if trashed, err := st.TrashedWith(ctx, *h); err == nil && len(trashed) > 0 {
			t := trashed[0]
			// Told how only when the actor may restore it (and so merge
			// it): a teammate's public contact, or a private one shared
			// with them, is its owner's to restore.
			switch err := st.MayChange(ctx, []int64{t.ID}, contact.ScopeDeleted, "restore", nil); {
			case err == nil:
				f.Infof("Contact %d (%s) in the trash has %s too: rolo restore %d, then rolo merge %d %d, to keep one.", t.ID, t.Name, h, t.ID, t.ID, stored.ID)
			case contact.ErrorCode(err) == contact.EPERM:
				why, _ := strings.CutPrefix(contact.ErrorMessage(err), fmt.Sprintf("contact %d (%s): ", t.ID, t.Name))
				f.Infof("Contact %d (%s) in the trash has %s too (%s).", t.ID, t.Name, h, why)
			}
		}
		f.WarnBlocked(ctx, st, stored)
	}
	brief := *it
	brief.Summary = ""
	f.Infof("Logged an %s with %s (%d).", brief.Describe(), contact.MessageName(stored.Name), stored.ID)
	switch {
	case out.Format == output.JSON || out.Format == output.NDJSON:
		return out.JSON(it)
	case f.Globals.Output == "":
		return nil // what was logged is said on stderr
	case out.Format == output.IDs:
		// The contact's, as add -o ids prints the new contact's: the one
		// a script needs when log created it.
		return out.IDs([]int64{it.ContactID})
	}
	return out.Rows([]string{"id", "contact_id", "user", "channel", "direction", "at", "duration_seconds", "summary"},
		[][]string{{strconv.FormatInt(it.ID, 10), strconv.FormatInt(it.ContactID, 10), it.User, it.Channel, it.Direction,
			out.Time(&it.At), strconv.FormatInt(it.DurationSeconds, 10), it.Summary}})
}
