// Package template implements `rolo template`: the CSV file to fill in for
// an import.
package template

import (
	"context"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/codec"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// TemplateOptions are template's inputs.
type TemplateOptions struct {
	F *factory.Factory
}

// NewCmdTemplate returns the template command; runF replaces the run
// function in tests.
func NewCmdTemplate(f *factory.Factory, runF func(context.Context, *TemplateOptions) error) *cobra.Command {
	opts := &TemplateOptions{F: f}
	return &cobra.Command{
		Use:   "template",
		Short: "Print the CSV import template",
		Long: `Print rolo's CSV import template: the header and one example row. Fill it in
with a spreadsheet and import it with rolo import.

Multi-valued cells hold one value per line, written as add's flags take
them: phones and emails as LABEL=VALUE (mobile=+1 415 555 0123), addresses
as LABEL=street;city;state;zip;country, socials as NETWORK=HANDLE,
attributes as KEY=VALUE; tags are comma-separated. visibility is private or
public; leave a cell empty to leave the field out.

The template is CSV with its header: -o json and the other formats, and
--no-header, are refused (exit 2).`,
		Example: `  rolo template > contacts.csv
  rolo import contacts.csv`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{factory.OutputFormats: output.CSV},
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			// The template is a CSV file; any other -o would be ignored
			// in silence, so it is refused.
			if o := strings.ToLower(strings.TrimSpace(f.Globals.Output)); o != "" && o != output.CSV {
				return contact.Errorf(contact.EINVALID, "--output %s: the template is CSV only; for another format, export a contact (rolo export --format json)", f.Globals.Output)
			}
			// Without its header the template is one example row that
			// no import can read: --no-header is refused, not ignored.
			if f.Globals.NoHeader {
				return contact.Errorf(contact.EINVALID, "--no-header: the template is the header line an import reads its columns from, and one example row; without the header nothing usable is left")
			}
			_, err := io.WriteString(f.IO.Out, codec.Template())
			return err
		},
	}
}
