// Package add implements `rolo add`.
package add

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// AddOptions are add's inputs.
type AddOptions struct {
	F       *factory.Factory
	Contact contact.Contact

	Phones, Emails, Addresses, Socials, URLs, Attrs, Notes []string
	Public, Private                                        bool
}

// NewCmdAdd returns the add command; runF replaces the run function in tests.
func NewCmdAdd(f *factory.Factory, runF func(context.Context, *AddOptions) error) *cobra.Command {
	opts := &AddOptions{F: f}
	c := &opts.Contact
	cmd := &cobra.Command{
		Use:   "add [flags]",
		Short: "Create a contact",
		Long: `Create a contact from flags and print its ID.

A contact needs at least one of a name, a company, a phone or an email.
Phones are stored as entered and as E.164; numbers without + are read in the
profile's region (default US). Multi-valued flags may be repeated.

  --phone    LABEL is mobile, work, home, fax or other
  --email    LABEL is work, home or other; a word before = is a label:
             other=a=b@example.com
  --address  ADDR is street;city;state;zip;country, in that order; LABEL
             is work, home or other
  --birthday, --anniversary
             DATE is YYYY-MM-DD, YYYYMMDD, --MM-DD or MM/DD/YYYY`,
		Example: `  rolo add --first Ada --last Lovelace --phone "+44 20 7946 0958" \
    --email ada@example.com
  rolo add --company Acme --phone work="(415) 555-0123" --tag vip --tag gold
  rolo add --first Grace --address "work=1 Navy Way;Arlington;VA;22201;US" \
    --attr source=conference --public`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Public && opts.Private {
				return contact.Errorf(contact.EINVALID, "--public and --private: give one, not both")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return addRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.SortFlags = false
	factory.OnceStringVar(fl, &c.Prefix, "prefix", "name prefix (Dr, Ms)")
	factory.OnceStringVar(fl, &c.FirstName, "first", "first name")
	factory.OnceStringVar(fl, &c.MiddleName, "middle", "middle name")
	factory.OnceStringVar(fl, &c.LastName, "last", "last name")
	factory.OnceStringVar(fl, &c.Suffix, "suffix", "name suffix (Jr, PhD)")
	factory.OnceStringVar(fl, &c.Nickname, "nickname", "nickname")
	factory.OnceStringVar(fl, &c.Company, "company", "company")
	factory.OnceStringVar(fl, &c.Title, "title", "job title")
	factory.OnceStringVar(fl, &c.Department, "department", "department")
	factory.StringArrayVar(fl, &opts.Phones, "phone", "phone `[LABEL=]NUMBER` (labels above)")
	factory.StringArrayVar(fl, &opts.Emails, "email", "email `[LABEL=]ADDRESS` (labels above)")
	factory.StringArrayVar(fl, &opts.Addresses, "address", "address `[LABEL=]ADDR` (ADDR above)")
	factory.StringArrayVar(fl, &opts.Socials, "social", "social profile `NETWORK=HANDLE`")
	factory.StringArrayVar(fl, &opts.URLs, "url", "web address `[LABEL=]URL`")
	factory.OnceStringVar(fl, &c.Birthday, "birthday", "birthday `DATE` (formats above)")
	factory.OnceStringVar(fl, &c.Anniversary, "anniversary", "anniversary `DATE` (formats above)")
	factory.OnceStringVar(fl, &c.Language, "language", "preferred language (BCP 47 tag: en, fr-CA)")
	factory.OnceStringVar(fl, &c.Timezone, "timezone", "time zone (IANA name: Europe/London)")
	factory.OnceStringVar(fl, &c.Type, "type", "lead (default), prospect, customer or other")
	factory.OnceStringVar(fl, &c.Level, "level", "primary (default), secondary or tertiary")
	factory.TagsVar(fl, &c.Tags, "tag", "tag it with `TAG` (repeat or comma-separate)")
	factory.StringArrayVar(fl, &opts.Attrs, "attr", "custom attribute `KEY=VALUE`")
	factory.StringArrayVar(fl, &opts.Notes, "note", "a note, `TEXT` (repeat for more, kept in order)")
	factory.OnceStringVar(fl, &c.UID, "uid", "UID to use instead of a generated one")
	fl.BoolVar(&opts.Public, "public", false, "visible to every teammate")
	fl.BoolVar(&opts.Private, "private", false, "visible only to you and those you share it with")
	fl.BoolVar(&c.Favorite, "favorite", false, "star it for yourself")
	_ = cmd.RegisterFlagCompletionFunc("tag", f.CompleteTags())
	_ = cmd.RegisterFlagCompletionFunc("type", fixed(contact.Types))
	_ = cmd.RegisterFlagCompletionFunc("level", fixed(contact.Levels))
	return cmd
}

func fixed(vals []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return vals, cobra.ShellCompDirectiveNoFileComp
	}
}

// Build turns the flag values into a contact (not yet validated).
func (o *AddOptions) Build(defaultVisibility string) (*contact.Contact, error) {
	c := o.Contact.Clone()
	for _, p := range o.Phones {
		c.Phones = append(c.Phones, contact.ParsePhone(p))
	}
	for _, e := range o.Emails {
		c.Emails = append(c.Emails, contact.ParseEmail(e))
	}
	for _, a := range o.Addresses {
		addr, err := contact.ParseAddress(a)
		if err != nil {
			return nil, err
		}
		c.Addresses = append(c.Addresses, addr)
	}
	for _, s := range o.Socials {
		soc, err := contact.ParseSocial(s)
		if err != nil {
			return nil, err
		}
		c.Socials = append(c.Socials, soc)
	}
	for _, u := range o.URLs {
		c.URLs = append(c.URLs, contact.ParseURL(u))
	}
	for _, a := range o.Attrs {
		k, v, err := contact.ParseAttr(a)
		if err != nil {
			return nil, err
		}
		c.Attributes[k] = v
	}
	// add --attr k= stores nothing (an empty value is no attribute).
	if err := contact.DropEmptyAttributes(c); err != nil {
		return nil, err
	}
	for _, n := range o.Notes {
		// Refused as `rolo note` refuses it: an empty note says nothing.
		if _, err := contact.CleanNote(n); err != nil {
			return nil, err
		}
		c.Notes = append(c.Notes, contact.Note{Text: n})
	}
	c.Visibility = defaultVisibility
	if o.Public {
		c.Visibility = contact.Public
	} else if o.Private {
		c.Visibility = contact.Private
	}
	return c, nil
}

func addRun(ctx context.Context, opts *AddOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	out, err := f.Printer()
	if err != nil {
		return err
	}
	c, err := opts.Build(p.Visibility)
	if err != nil {
		return err
	}
	// Validate before opening (and perhaps creating) the database, so that
	// bad input changes nothing at all.
	asked := c.Clone()
	if err := contact.Normalize(asked, p.Region); err != nil {
		return err
	}
	if err := contact.CheckNewOccasions(&contact.Contact{}, c, f.Now()); err != nil {
		return err
	}
	twice := contact.GivenTwice(c, p.Region)
	st, err := f.Store(ctx)
	if err != nil {
		return err
	}
	if err := st.CreateContact(ctx, c); err != nil {
		return err
	}
	if out.Format != output.JSON && out.Format != output.NDJSON {
		f.Infof("Added %s (%s contact %d).", contact.MessageName(c.Name), c.Visibility, c.ID)
	}
	if asked.UID != "" && c.UID != asked.UID {
		// Said even with --quiet: a script that chose the UID looks the
		// contact up by it.
		f.Warnf("rolo: warning: %s", contact.UIDTakenNote(asked.UID, c.UID))
	}
	for _, v := range twice {
		f.Infof("Note: %s was given twice; it is kept once, with its first label.", v)
	}
	f.WarnBlocked(ctx, st, c)
	switch out.Format {
	case output.JSON, output.NDJSON:
		return out.JSON(c)
	}
	// The contact is there even when its ID cannot be written; the exit
	// status says the ID was lost.
	_, err = fmt.Fprintln(f.IO.Out, c.ID)
	return err
}
