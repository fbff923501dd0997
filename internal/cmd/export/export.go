// Package export implements `rolo export`: the contacts a query selects,
// written as CSV, Google or Outlook CSV, vCard or JSON, to standard output
// or atomically to a file.
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/atomicfile"
	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/codec"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
	"github.com/rolo-cli/rolo/internal/shield"
)

// ExportOptions are export's inputs.
type ExportOptions struct {
	F            *factory.Factory
	Query        string
	Format       string
	VCardVersion string
	Out          string
	CSVSafe      bool
	NoHeader     bool // the global --no-header: csv, google and outlook rows only
}

// pageSize is how many contacts are read from the database at a time: an
// export of any size holds only one page in memory.
const pageSize = 1000

// NewCmdExport returns the export command; runF replaces the run function
// in tests.
func NewCmdExport(f *factory.Factory, runF func(context.Context, *ExportOptions) error) *cobra.Command {
	opts := &ExportOptions{F: f}
	cmd := &cobra.Command{
		Use:               "export [QUERY]",
		ValidArgsFunction: f.CompleteQuery(contact.ScopeActive),
		Short:             "Export contacts as CSV, Google, Outlook, vCard or JSON",
		Long: `Export the contacts you can see that match QUERY (all of them without one),
in ID order. Archived contacts and the trash are left out unless the query
asks for them (is:archived, is:deleted).

Formats: csv (every field; the interactions column holds each contact's
interactions as a JSON list), google and outlook (CSV those services
import; no interactions), vcard (--vcard-version 3.0, the default, or 4.0;
properties rolo does not model, such as photos, are written back; an
X-ROLO-INTERACTION property per interaction), json and ndjson (rolo's
own). csv, vcard, json and ndjson re-import with nothing lost, each
contact's interactions included. A contact of more than 16 MiB as a CSV
record or a vCard card, the most rolo import reads in one, would fail the
import of the whole file: such an export is refused (exit 2), naming the
contact, and --out FILE is left as it was; json has no such bound.
Without --format (or with --format auto), the extension of --out decides
(.csv .vcf .json .ndjson), else csv.

All formats are UTF-8: outlook with a byte order mark and CRLF line ends,
vcard with CRLF line ends, csv, google, json and ndjson with neither (LF).

The data goes to standard output, or with --out FILE (or -o FILE, when FILE
is not an output format name) to a file written atomically: a temporary
file in the same directory, synced to disk and renamed over FILE, so that a
cron job never leaves a half-written export. A new file is readable only by
you (mode 0600); a file that is replaced keeps its mode, owner and group
(a group you are not in becomes yours, with no more access than others
had). A FILE that is no file to replace (/dev/stdout, /dev/stderr,
/dev/fd/N, /proc/self/fd/N, a named pipe, a device) is written as the
stream it is, as standard output is: -o /dev/stdout >> log appends to
the log. -o csv, -o json... name the format, as elsewhere. The export is
one snapshot of the database, read a page at a time: an import or a bulk
edit running meanwhile is in it wholly or not at all, and memory does not
grow with the address book.

--no-header (a global flag) leaves out the header line of csv, google and
outlook exports (and outlook's byte order mark), for rows to append to a
file that has one: a file without its header cannot be imported back (rolo
import reads the columns from it). json, ndjson and vcard have no header
line; the flag changes nothing there.

--csv-safe guards CSV exports against formula injection: a cell that
starts with =, +, -, @, a tab or a carriage return is written with a
leading single quote, so a spreadsheet shows it as text; the other cells
and the line ends are written as without it. Such an export no longer
re-imports exactly (the quotes stay, but on a date without a year,
'--12-25, read back as --12-25, and on a UID, '-x, read back as -x).`,
		Example: `  rolo export --out contacts.csv
  rolo export tag:vip --format vcard --vcard-version 4.0 -o vip.vcf
  rolo export type:customer --format google --out customers.csv --csv-safe
  rolo export -o json > backup.json
  rolo export is:archived --format ndjson
  rolo export tag:new --no-header >> contacts.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query = strings.Join(args, " ")
			if err := opts.resolve(cmd); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return exportRun(cmd.Context(), opts)
		},
	}
	cmd.Annotations = map[string]string{factory.QueryArgs: "true", factory.Interruptible: "true",
		factory.OutputFormats: strings.Join(codec.Formats, ",")}
	fl := cmd.Flags()
	fl.StringVar(&opts.Format, "format", "", "format (default auto: from --out, else csv)")
	fl.StringVar(&opts.VCardVersion, "vcard-version", "3.0", "vCard version: 3.0 or 4.0")
	fl.StringVar(&opts.Out, "out", "", "write to `FILE` atomically, not standard output")
	fl.BoolVar(&opts.CSVSafe, "csv-safe", false, "quote cells a spreadsheet would run (= + - @)")
	_ = cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return append([]string{"auto"}, codec.Formats...), cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("vcard-version", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"3.0", "4.0"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// formatNames are the values of -o that name a format rather than a file.
var formatNames = map[string]string{
	output.Table: "", output.TSV: "", output.IDs: "", "vcf": codec.VCard,
	codec.CSV: codec.CSV, codec.Google: codec.Google, codec.Outlook: codec.Outlook,
	codec.VCard: codec.VCard, codec.JSON: codec.JSON, codec.NDJSON: codec.NDJSON,
}

// resolve settles the format and the destination: -o is the global output
// format flag, which export also takes as a file name when it is not a
// format's name.
func (o *ExportOptions) resolve(cmd *cobra.Command) error {
	// An empty file name is a script's unset variable, not a wish for
	// standard output ("-" is that).
	for name, shown := range map[string]string{"out": "--out", "output": "-o"} {
		if fl := cmd.Flags().Lookup(name); fl != nil && fl.Changed && strings.TrimSpace(fl.Value.String()) == "" {
			return contact.Errorf(contact.EINVALID, "%s: empty file name (use - for standard output)", shown)
		}
	}
	o.Format = strings.ToLower(strings.TrimSpace(o.Format))
	if o.Format == "" && cmd.Flags().Changed("format") {
		// Nor is an empty format a wish for the default (csv).
		return contact.Errorf(contact.EINVALID, "--format: empty format (an unset variable?)")
	}
	if o.Format == "vcf" {
		o.Format = codec.VCard
	}
	if o.Format == "auto" {
		// The default, as import's: the extension of --out decides, else csv.
		o.Format = ""
	}
	if g := o.F.Globals.Output; g != "" {
		f, isFormat := formatNames[strings.ToLower(g)]
		switch {
		case isFormat && f == "":
			return contact.Errorf(contact.EINVALID, "-o %s: export writes %s (use --format)", g, strings.Join(codec.Formats, ", "))
		case isFormat && o.Format != "" && o.Format != f:
			return contact.Errorf(contact.EINVALID, "-o %s and --format %s: give one format", g, o.Format)
		case isFormat:
			o.Format = f
		case o.Out != "" && o.Out != g:
			return contact.Errorf(contact.EINVALID, "-o %s and --out %s: give one file", contact.PathText(g), contact.PathText(o.Out))
		default:
			o.Out = g
		}
	}
	if o.Format == "" {
		o.Format = codec.CSV
		if f, ok := codec.FormatOfExtension(o.Out); ok {
			o.Format = f
		}
	}
	if !contains(codec.Formats, o.Format) {
		return contact.Errorf(contact.EINVALID, "--format: %s is not one of auto, %s", contact.Quote(o.Format), strings.Join(codec.Formats, ", "))
	}
	if o.VCardVersion != "3.0" && o.VCardVersion != "4.0" {
		return contact.Errorf(contact.EINVALID, "--vcard-version: %q must be 3.0 or 4.0", o.VCardVersion)
	}
	if cmd.Flags().Changed("vcard-version") && o.Format != codec.VCard {
		return contact.Errorf(contact.EINVALID, "--vcard-version applies to --format vcard, not %s", o.Format)
	}
	if o.CSVSafe && o.Format != codec.CSV && o.Format != codec.Google && o.Format != codec.Outlook {
		return contact.Errorf(contact.EINVALID, "--csv-safe applies to csv, google and outlook exports, not %s", o.Format)
	}
	if o.Out == "-" {
		o.Out = ""
	}
	o.NoHeader = o.F.Globals.NoHeader
	return nil
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

func exportRun(ctx context.Context, opts *ExportOptions) error {
	f := opts.F
	// An export allocates a few kilobytes per contact and holds two pages
	// of contacts at a time: letting the heap grow to five times what is
	// live before collecting, rather than twice, took a quarter to a third
	// off the time of a large export. The memory limit keeps the Go heap
	// under 64 MiB all the same (the garbage collector runs more often as
	// it nears the limit).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(64 << 20))
	open := f.ReadStore
	kept := opts.Out != "" && holdsData(opts.Out)
	if kept {
		// A file that holds an earlier export is not replaced by the
		// empty one of a database this command would create.
		open = f.ExistingStore
	}
	st, err := open(ctx)
	if kept && contact.ErrorCode(err) == contact.ENOTFOUND {
		return contact.Errorf(contact.ENOTFOUND, "%s; nothing was written to %s", contact.ErrorMessage(err), contact.PathText(opts.Out))
	}
	if err != nil {
		return err
	}
	// Check the query before a file is touched.
	if _, err := st.FindContacts(ctx, contact.Filter{Query: opts.Query, Sort: []string{"id"}, Limit: 1}); err != nil {
		return err
	}
	// Standard output at a terminal escapes control characters (a kept
	// vCard property with an escape sequence); a file or pipe gets them.
	stdout := f.IO.DataOut(opts.Format == codec.JSON || opts.Format == codec.NDJSON)
	var dst io.Writer = stdout
	var file *atomicfile.File
	if opts.Out != "" {
		if file, err = atomicfile.Output(opts.Out, st.Path()); err != nil {
			return err
		}
		defer file.Abort()
		dst = file
	}
	bw := bufio.NewWriterSize(dst, 256<<10)
	enc, err := codec.NewEncoder(opts.Format, bw, codec.EncodeOptions{
		VCardVersion: opts.VCardVersion, NoHeader: opts.NoHeader, CSVSafe: opts.CSVSafe})
	if err != nil {
		return err
	}
	// rolo's own formats (its CSV, vCard and JSON) carry each contact's
	// interaction history; Google's and Outlook's CSV have no place for it.
	history := opts.Format != codec.Google && opts.Format != codec.Outlook
	n, err := writeAll(ctx, st, contact.Filter{Query: opts.Query, Interactions: history}, enc)
	if err == nil {
		err = enc.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && file == nil {
		err = stdout.Flush()
	}
	if err != nil {
		return writeError(opts.Out, file != nil && file.Direct(), err)
	}
	if over := codec.OversizedRecords(enc); len(over) > 0 {
		return tooLarge(opts, over, file == nil || file.Direct())
	}
	dest := "standard output"
	if file != nil {
		if err := shield.Commit(file.Commit); err != nil {
			return err
		}
		dest = contact.PathText(opts.Out)
	}
	f.Infof("Exported %d %s to %s (%s).", n, contact.Plural(n, "contact", "contacts"), dest, formatLabel(opts))
	return nil
}

// holdsData reports whether path is a file with something in it.
func holdsData(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() > 0
}

// writeAll encodes every contact the filter selects, a page at a time, in
// ID order, from one snapshot of the database: an export taken while
// others write never holds half of a bulk edit or of an import.
func writeAll(ctx context.Context, st contact.Store, f contact.Filter, enc codec.Encoder) (int, error) {
	// Reading the next page from the database overlaps encoding this one.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan []*contact.Contact, 1)
	readErr := make(chan error, 1)
	go func() {
		defer close(pages)
		readErr <- st.EachContact(ctx, f, pageSize, func(cs []*contact.Contact) error {
			select {
			case pages <- cs:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	n := 0
	for cs := range pages {
		for _, c := range cs {
			if err := enc.Write(c); err != nil {
				cancel()
				for range pages {
				}
				return n, err
			}
			n++
		}
	}
	return n, <-readErr
}

// maxNamed bounds how many contacts too large for their format an
// export's error names; the count is always given.
const maxNamed = 10

// tooLarge refuses an export that holds contacts larger than the import
// of its format reads as one record (see codec.RecordLimit): the import
// of the file would refuse it whole, so a cron job that went on writing
// it would keep an export that does not load, and find out only when it
// is needed. Refused, it keeps the last one that does, and its exit
// status says so. The error names each contact (up to maxNamed) and
// says what to do. What went to standard output, a pipe or a device
// (written says so) is there all the same.
func tooLarge(opts *ExportOptions, over []codec.Oversized, written bool) error {
	record, limit := "CSV record", codec.RecordLimit(opts.Format)>>20
	if opts.Format == codec.VCard {
		record = "vCard card"
	}
	mib := func(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
	var what, leave string
	if len(over) == 1 {
		o := over[0]
		what = fmt.Sprintf("%s (%d) is a %s of %s, more than the %d MiB rolo import reads in one", contact.Excerpt(o.Name), o.ID, record, mib(o.Bytes), limit)
		leave = fmt.Sprintf(", or add -id:%d to the query to leave it out", o.ID)
	} else {
		var named, ids []string
		for _, o := range over[:min(len(over), maxNamed)] {
			named = append(named, fmt.Sprintf("%s (%d, %s)", contact.Excerpt(o.Name), o.ID, mib(o.Bytes)))
			ids = append(ids, strconv.FormatInt(o.ID, 10))
		}
		what = fmt.Sprintf("%d contacts are %ss of more than the %d MiB rolo import reads in one: %s", len(over), record, limit, strings.Join(named, ", "))
		if len(over) > maxNamed {
			what += fmt.Sprintf(" and %d more", len(over)-maxNamed)
		} else {
			leave = fmt.Sprintf(", or add -id:%s to the query to leave them out", strings.Join(ids, ","))
		}
	}
	done := "nothing was written"
	switch {
	case written && opts.Out == "":
		done = "standard output has it all the same"
	case written:
		done = contact.PathText(opts.Out) + " has it all the same"
	}
	return contact.Errorf(contact.EINVALID, "export: %s; an import of the file would refuse it whole: export with --format json, which has no such bound%s; %s", what, leave, done)
}

// writeError words a failure to write the export. A direct file (a
// descriptor, a pipe, a device: see atomicfile.Output) holds what was
// written before the failure, as standard output does.
func writeError(path string, direct bool, err error) error {
	var ce *contact.Error
	if errors.As(err, &ce) || errors.Is(err, context.Canceled) {
		return err
	}
	if direct && errors.Is(err, syscall.EPIPE) {
		// The reader of a pipe named as a descriptor went away
		// (export --out /dev/stdout | head): ended as a closed standard
		// output ends the command, quietly (see cli.ExitBrokenPipe).
		return err
	}
	// The temporary file's name means nothing to the user; the target does.
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if path == "" {
		return contact.Errorf(contact.EINTERNAL, "export: writing standard output: %v", err)
	}
	if direct {
		return contact.Errorf(contact.EINTERNAL, "export: writing %s: %v", contact.PathText(path), err)
	}
	return contact.Errorf(contact.EINTERNAL, "export: writing %s: %v; the file was left as it was", contact.PathText(path), err)
}

func formatLabel(o *ExportOptions) string {
	if o.Format == codec.VCard {
		return "vCard " + o.VCardVersion
	}
	return o.Format
}
