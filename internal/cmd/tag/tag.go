// Package tag implements `rolo tag`.
package tag

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// TagOptions are tag's inputs.
type TagOptions struct {
	F       *factory.Factory
	Refs    []string
	Where   string
	Add, Rm []string
}

// NewCmdTag returns the tag command.
func NewCmdTag(f *factory.Factory, runF func(context.Context, *TagOptions) error) *cobra.Command {
	opts := &TagOptions{F: f}
	cmd := &cobra.Command{
		Use:   "tag REF... | - | --where QUERY --add TAG --rm TAG",
		Short: "Add and remove tags",
		Long: `Add tags to contacts and remove tags from them, in one transaction.

--add and --rm may be repeated and take comma-separated lists. A tag the
contact already has (in any case) is not added twice; removing a tag it does
not have changes nothing. rolo reports how many contacts changed.

On a terminal rolo asks before changing more than one contact, unless --yes.`,
		Example: `  rolo tag 12 --add vip
  rolo tag 12 13 --add vip,gold --rm trial
  rolo tag --where "company:acme" --add acme --yes
  rolo list tag:old -o ids | rolo tag - --rm old --add archive-2026`,
		ValidArgsFunction: f.CompleteContacts(contact.ScopeActive),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if err := factory.NeedTargets("tag", args, opts.Where); err != nil {
				return err
			}
			if len(opts.Add) == 0 && len(opts.Rm) == 0 {
				return contact.Errorf(contact.EINVALID, "tag: give --add TAG or --rm TAG")
			}
			add, err := contact.CleanTags(opts.Add)
			if err != nil {
				return err
			}
			// Both at once would leave the tag as it was or not,
			// depending on the order they are applied in: ask which.
			for _, a := range add {
				for _, r := range opts.Rm {
					if contact.SameTag(a, r) {
						return contact.Errorf(contact.EINVALID, "tag: --add and --rm both name the tag %q; give it to one of them", a)
					}
				}
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return tagRun(cmd.Context(), opts)
		},
	}
	f.AddWhereFlag(cmd, &opts.Where, "tag", contact.ScopeActive)
	factory.TagsVar(cmd.Flags(), &opts.Add, "add", "add `TAG`s (repeat or comma-separate)")
	factory.TagsVar(cmd.Flags(), &opts.Rm, "rm", "remove `TAG`s (repeat or comma-separate)")
	_ = cmd.RegisterFlagCompletionFunc("add", f.CompleteTags())
	_ = cmd.RegisterFlagCompletionFunc("rm", f.CompleteTags())
	return cmd
}

func tagRun(ctx context.Context, opts *TagOptions) error {
	f := opts.F
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	t, err := f.ResolveBulk(ctx, st, opts.Refs, opts.Where, "retag")
	if err != nil {
		return err
	}
	n, err := st.Tag(ctx, t.IDs, opts.Add, opts.Rm)
	if err != nil {
		return err
	}
	f.ReportBulk("retagged", "its tags were already so", n, t)
	return nil
}
