// Package importcmd implements `rolo import`, `rolo import list` and
// `rolo import undo`: contacts from CSV (rolo's template, Google, Outlook),
// vCard and JSON files, validated, matched against the contacts already
// there, and stored in one transaction as an import batch.
package importcmd

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/atomicfile"
	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/codec"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
	"github.com/rolo-cli/rolo/internal/shield"
)

// ImportOptions are import's inputs.
type ImportOptions struct {
	F           *factory.Factory
	File        string
	Format      string
	Encoding    string
	Map         []string
	ShowMapping bool
	Errors      string
	OnDuplicate string
	Key         string
	Public      bool
	Private     bool
	Tags        []string
	DryRun      bool
	Strict      bool
}

// maxShown is how many rejected records and warnings are listed on stderr;
// the error file holds all of them.
const maxShown = 10

// NewCmdImport returns the import command with its list and undo
// subcommands; runF replaces the run function in tests.
func NewCmdImport(f *factory.Factory, runF func(context.Context, *ImportOptions) error) *cobra.Command {
	opts := &ImportOptions{F: f}
	cmd := &cobra.Command{
		Annotations: map[string]string{factory.Interruptible: "true"},
		Use:         "import FILE|-",
		Short:       "Import contacts from CSV, Google, Outlook, vCard or JSON",
		Long: `Import contacts from a file (or - for standard input) in one transaction:
all of it or, if anything goes wrong (an interruption, a broken file), none.
A file named list or undo is given as ./list or ./undo (those two words
are the subcommands below).

Formats: csv (rolo's template: rolo template), google (Google Contacts CSV,
both layouts), outlook (Outlook CSV, any language rolo knows), vcard (2.1,
3.0, 4.0; several cards per file), json and ndjson (rolo's own). --format
auto, the default, tells them apart by name and content. UTF-8 (with or
without BOM), UTF-16 and Windows-1252 are detected; --encoding overrides
(utf-8, utf-16le, windows-1252, shift_jis...).

CSV columns are matched to fields by their header (case, spacing and common
synonyms ignored); --map 'Header=field' assigns one by hand (fields: first,
last, company, phone[.LABEL], email[.LABEL], address[.LABEL].PART, tags,
notes, attr.KEY, skip ...) and --show-mapping prints the mapping and stops.
--map is repeatable; 'N=field' assigns a column by its number, for a file
without header. Columns rolo cannot place are kept as attributes (and said
so). A number without + is read in the country of the record's first
address when it has one, else in the profile's region; one that comes with
its E.164 form (rolo's own CSV, vCard and JSON exports) is that number, kept
as entered.

Every record is validated as add validates. Files of other programs often
hold values that do not fit their field (a phone "Privattelefon", a
birthday "circa 1800"): such values are kept as attributes and reported,
unless --strict, which rejects the record; rolo's own template and JSON are
always read strictly. Rejected records go to an error file, beside the
input as NAME.errors.csv (.vcf, .ndjson), or to --errors FILE (required
when reading standard input): the original columns plus an error column
naming the field and the reason. Fix it and import it as it is. An error
file that cannot be written (a full disk) fails the import: nothing is saved.
A --dry-run writes no error file (not --errors FILE either, which it checks
as the import would): it lists the rejected records on stderr, the first
ten, and how many more.

A record is a duplicate when it shares a UID, an email or a phone number
with a contact you can see, or with an earlier record of the same input. A
shared phone number does not count when the two have different names, other
than in case and accents (a switchboard, a family line), and records
carrying different UIDs are different contacts, so a rolo export imports
whole. With --key COLUMN that column alone (kept as an attribute, or a uid,
email or phone column) identifies a contact across imports. A record with
none of these (no UID, --key value, email or phone) is a duplicate of a
contact with no email or phone either that shows the same name and has
every value the record gives (the same company, title...; its addresses,
tags, notes...; a value the contact has and the record leaves empty does
not count, nor do the --tag tags). --on-duplicate says what to do:
  skip    leave the contact as it is (default): importing a file twice adds
          nothing the second time
  update  the record's non-empty fields replace the contact's; its phones,
          emails, addresses, tags... are added
  merge   fill only what the contact lacks and add the rest: nothing is lost
  create  create a second contact anyway
A duplicate that an update would not change counts as skipped.

Records from another rolo keep their UID, creation time, notes (authors,
times), favorite, archived, blocked and last-activity state, and their
interactions (JSON and NDJSON, the interactions column of rolo's CSV, the
X-ROLO-INTERACTION properties of its vCard; an update or merge adds those
missing); you become the owner of every imported contact, and of notes and
interactions by a teammate this database does not have. An ID in the file
is ignored.

Each import is a batch: rolo import list shows them, rolo import undo ID
erases the contacts it created. Updates it made to existing contacts stay.

Summary on stderr: N of M records imported, K failed, D duplicates skipped.
Exit status 5 when records were rejected. Nothing goes to stdout, unless -o
asks for the batch (-o json).`,
		Example: `  rolo import contacts.csv
  rolo import google.csv --tag from-google --public
  rolo import phone.vcf --on-duplicate merge
  rolo import crm.csv --map 'Mobil=phone.mobile' \
    --map 'Kundennummer=attr.customer_no' --key Kundennummer \
    --on-duplicate update
  rolo import crm.csv --show-mapping
  some-script | rolo import - --format csv --errors rejected.csv
  rolo import contacts.errors.csv          # the fixed error file`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if err := opts.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return importRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Format, "format", "auto", "input format, as in Formats above")
	fl.StringVar(&opts.Encoding, "encoding", "", "character encoding of the input")
	factory.StringArrayVar(fl, &opts.Map, "map", "assign a column to a field: '`Header=field`'")
	fl.BoolVar(&opts.ShowMapping, "show-mapping", false, "print which column feeds which field and stop")
	fl.StringVar(&opts.Errors, "errors", "", "write rejected records to `FILE` (- for stdout)")
	fl.StringVar(&opts.OnDuplicate, "on-duplicate", contact.OnDuplicateSkip, strings.Join(contact.DuplicatePolicies, ", "))
	fl.StringVar(&opts.Key, "key", "", "the `COLUMN` identifying a contact across imports")
	fl.BoolVar(&opts.Public, "public", false, "make every imported contact public")
	fl.BoolVar(&opts.Private, "private", false, "make every imported contact private")
	factory.TagsVar(fl, &opts.Tags, "tag", "`TAG`s for each contact (repeat or comma-separate)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "validate and report, write nothing")
	fl.BoolVar(&opts.Strict, "strict", false, "reject records with values unfit for their field")
	_ = cmd.RegisterFlagCompletionFunc("tag", f.CompleteTags())
	_ = cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return append([]string{"auto"}, codec.Formats...), cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("on-duplicate", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return contact.DuplicatePolicies, cobra.ShellCompDirectiveNoFileComp
	})
	cmd.AddCommand(NewCmdList(f, nil), NewCmdUndo(f, nil))
	return cmd
}

// completeFile completes import's FILE. Cobra offers the subcommands
// (list, undo) beside what this returns and turns the shell's own file
// completion off whenever one of them matches, so the files beside them
// are listed here: those in the typed directory whose name starts with
// what was typed (hidden ones only after a "."), a directory with "/".
// When none is, the shell completes file names itself (~, $VAR, quoting).
func completeFile(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	dir, base := filepath.Split(toComplete)
	entries, _ := os.ReadDir(cmp.Or(dir, "."))
	var out []string
	directive := cobra.ShellCompDirectiveDefault
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".")) {
			continue
		}
		if e.IsDir() || (e.Type()&os.ModeSymlink != 0 && isDir(filepath.Join(dir, name))) {
			name += "/"
			directive |= cobra.ShellCompDirectiveNoSpace
		}
		out = append(out, dir+name)
	}
	return out, directive
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

func (o *ImportOptions) check() error {
	if o.Public && o.Private {
		return contact.Errorf(contact.EINVALID, "--public and --private: give one, not both")
	}
	o.Format = strings.ToLower(strings.TrimSpace(o.Format))
	if o.Format == "vcf" {
		o.Format = codec.VCard
	}
	if o.Format != "auto" && !contains(codec.Formats, o.Format) {
		return contact.Errorf(contact.EINVALID, "--format: %s is not one of auto, %s", contact.Quote(o.Format), strings.Join(codec.Formats, ", "))
	}
	o.OnDuplicate = strings.ToLower(strings.TrimSpace(o.OnDuplicate))
	if err := contact.ValidDuplicatePolicy(o.OnDuplicate); err != nil {
		return err
	}
	if err := o.checkErrorsGiven(); err != nil {
		return err
	}
	if _, err := o.columnMap(); err != nil {
		return err
	}
	_, err := contact.CleanTags(o.Tags)
	return err
}

// checkErrorsGiven requires --errors for an input with no place beside
// it for the default error file, before anything is read or written.
func (o *ImportOptions) checkErrorsGiven() error {
	if o.Errors != "" || o.DryRun || o.ShowMapping {
		return nil
	}
	if o.File == "-" {
		return contact.Errorf(contact.EINVALID, "--errors FILE is required when importing from standard input (rejected records go there)")
	}
	// A pipe or device given by name (/dev/stdin, <(cmd)) has no
	// "beside it" either.
	if fi, err := os.Stat(o.File); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		return contact.Errorf(contact.EINVALID, "--errors FILE is required when importing from %s, which is not a regular file (rejected records go there)", contact.PathText(o.File))
	}
	// Nor has a descriptor's name for a file (/dev/stdin < in.csv):
	// "beside" it is /dev or /proc/self/fd, not where the file is.
	if _, ok := atomicfile.Descriptor(o.File); ok {
		return contact.Errorf(contact.EINVALID, "--errors FILE is required when importing from %s, which names a file descriptor, not a file (rejected records go there)", contact.PathText(o.File))
	}
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

// columnMap reads the --map flags.
func (o *ImportOptions) columnMap() (map[string]string, error) {
	if len(o.Map) == 0 {
		return nil, nil
	}
	m := make(map[string]string, len(o.Map))
	for _, spec := range o.Map {
		for _, part := range splitMap(spec) {
			i := strings.LastIndex(part, "=")
			if i <= 0 || strings.TrimSpace(part[i+1:]) == "" {
				return nil, contact.Errorf(contact.EINVALID, "--map %q: use 'Header=field' (for example --map 'Mobil=phone.mobile')", spec)
			}
			m[part[:i]] = strings.TrimSpace(part[i+1:])
		}
	}
	return m, nil
}

// splitMap splits "1=first,2=last" (numbered columns, several at once);
// a header may itself contain commas, so anything else is one mapping.
func splitMap(spec string) []string {
	parts := strings.Split(spec, ",")
	if len(parts) < 2 {
		return []string{spec}
	}
	for _, p := range parts {
		k, _, ok := strings.Cut(p, "=")
		if _, err := strconv.Atoi(strings.TrimSpace(k)); !ok || err != nil {
			return []string{spec}
		}
	}
	return parts
}

// input is the file being imported, with what the progress bar needs.
type input struct {
	name string // as given; "-" for standard input
	r    io.Reader
	size int64 // 0 when unknown
	file *os.File
}

func openInput(f *factory.Factory, name string) (*input, error) {
	if name == "-" {
		return &input{name: name, r: f.IO.In}, nil
	}
	fh, err := os.Open(name)
	if err != nil {
		return nil, readError(name, err)
	}
	fi, err := fh.Stat()
	if err == nil && fi.IsDir() {
		fh.Close()
		return nil, contact.Errorf(contact.EINVALID, "import: %s is a directory, not a file", contact.PathText(name))
	}
	in := &input{name: name, r: fh, file: fh}
	if err == nil {
		in.size = fi.Size()
	}
	return in, nil
}

// readError is the error of an input that cannot be read: a file that is
// not there is not found (exit 3), as restore-backup's backup file and a
// database a command only reads are; anything else, standard input
// redirected from a directory say, is a usage error (exit 2).
func readError(name string, err error) error {
	code := contact.EINVALID
	if errors.Is(err, fs.ErrNotExist) {
		code = contact.ENOTFOUND
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	what := "standard input"
	if name != "-" {
		what = contact.PathText(name)
	}
	return contact.Errorf(code, "import: cannot read %s: %v", what, err)
}

// counter counts the bytes read, for the progress bar.
type counter struct {
	r io.Reader
	n *atomic.Int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// sniffSize is how much of the input format detection looks at.
const sniffSize = 64 << 10

func importRun(ctx context.Context, opts *ImportOptions) error {
	start := time.Now()
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	if err := checkOutput(f); err != nil {
		return err
	}
	if f.Globals.Output != "" && !opts.DryRun && !opts.ShowMapping && errorsToStdout(opts.Errors, f.IO.Out) {
		return contact.Errorf(contact.EINVALID, "--errors %s and -o %s would both write to standard output, and neither could be read: send the rejected records to a file",
			contact.PathText(opts.Errors), f.Globals.Output)
	}
	colMap, _ := opts.columnMap()
	in, err := openInput(f, opts.File)
	if err != nil {
		return err
	}
	if in.file != nil {
		defer in.file.Close()
	}
	var bar *progress
	if f.IO.IsStderrTTY() && !f.Globals.Quiet && !opts.ShowMapping {
		bar = newProgress(f, in.size)
		defer bar.clear()
		if in.size > 0 {
			in.r = &counter{r: in.r, n: &bar.read}
		}
	}
	br := bufio.NewReaderSize(in.r, sniffSize)
	format := opts.Format
	// The first read tells an input that cannot be read (standard input
	// redirected from a directory) from an empty one, whatever --format
	// says; auto reads what it sniffs.
	peek := 1
	if format == "auto" {
		peek = sniffSize
	}
	head, err := br.Peek(peek)
	if err != nil && !errors.Is(err, io.EOF) {
		return readError(opts.File, err)
	}
	if format == "auto" {
		if format, err = codec.Detect(opts.File, head); err != nil {
			return err
		}
	}
	// A two-digit year is read against today by the local calendar, as
	// add and edit check that a date is not after today.
	dec, err := codec.NewDecoder(format, br, codec.Options{Encoding: opts.Encoding, Map: colMap, Region: p.Region, Strict: opts.Strict, Now: f.Now().Local()})
	if err != nil {
		return inputError(opts.File, err)
	}
	// --map assigns columns; a vCard or JSON input has none, and a
	// mapping that could not apply is refused, as --show-mapping is,
	// rather than dropped while the import goes ahead without it.
	if _, ok := dec.(codec.Mapper); !ok && len(colMap) > 0 {
		return contact.Errorf(contact.EINVALID, "--map: %s input has no columns to map; nothing was imported", format)
	}
	if opts.ShowMapping {
		return showMapping(f, dec, format)
	}
	keyField, err := resolveKey(dec, opts.Key)
	if err != nil {
		return err
	}
	if cd, ok := dec.(*codec.CSVDecoder); ok && format == codec.CSV {
		format = cd.Flavour() // a Google or Outlook file read as plain csv
	}
	rej, err := newRejects(opts, format, p.Database, in.stat(f))
	if err != nil {
		return err
	}
	if cd, ok := dec.(*codec.CSVDecoder); ok {
		rej.style = cd.RejectStyle()
	}
	defer rej.abort()

	source := opts.File
	if source != "-" {
		if abs, err := filepath.Abs(source); err == nil {
			source = abs
		}
	}
	visibility := ""
	switch {
	case opts.Public:
		visibility = contact.Public
	case opts.Private:
		visibility = contact.Private
	}
	open := f.Store
	if opts.DryRun {
		open = f.ReadStore // a dry run creates no database either
	}
	st, err := open(ctx)
	if err != nil {
		return err
	}
	next := func() (*contact.ImportRecord, error) {
		rec, err := dec.Next()
		if err != nil {
			return nil, err
		}
		return &contact.ImportRecord{Contact: rec.Contact, Err: rec.Err, NameSplit: rec.NameSplit, Source: rec}, nil
	}
	// Outcomes arrive in input order, on one goroutine: messages about
	// records are printed from here only.
	var warnings, shownWarnings, shownRejects int
	report := func(o *contact.ImportOutcome) error {
		bar.update()
		rec := o.Record.Source.(*codec.Record)
		// A rejected record's warnings are not told: its reason is, and
		// the record is in the error file as it was.
		if o.Status != contact.ImportFailed {
			for _, w := range slices.Concat(rec.Warnings, o.Warnings) {
				warnings++
				if shownWarnings < maxShown {
					shownWarnings++
					bar.clear()
					f.Infof("%s: %s", rec.Where(), strings.TrimPrefix(w, rec.Where()+": "))
				}
			}
			if o.UIDTaken != "" {
				// Said for every such record, even with --quiet, as add
				// says it: a script that chose the UID looks the contact
				// up by it.
				bar.clear()
				f.Warnf("%s: %s", rec.Where(), contact.UIDTakenNote(o.UIDTaken, o.Record.Contact.UID))
			}
			if o.MadePublic != "" {
				// Said for every such contact, as a merge says it:
				// the whole team sees it now.
				bar.clear()
				f.Infof("%s: contact %d (%s) was private; the record makes it public, seen by everyone.", rec.Where(), o.ContactID, o.MadePublic)
			}
			return nil
		}
		reason := contact.ErrorMessage(o.Err)
		if rec.LeftOut != "" {
			// The keys left out may have held what the record lacks
			// ("email" for emails): the reason says they were.
			reason += " (" + rec.LeftOut + ", left out)"
		}
		if shownRejects < maxShown {
			shownRejects++
			bar.clear()
			f.Infof("%s: %s", rec.Where(), strings.TrimPrefix(reason, rec.Where()+": "))
		}
		return rej.write(rec, reason)
	}
	// The error file is written out and synced before the import is
	// saved (BeforeCommit) and put in place as soon as it is (AfterCommit,
	// before the vacuum of a first import): a disk too full for it leaves
	// the database as it was, rather than the good records saved and the
	// rejected ones lost.
	var commitErr error
	committed := false
	batch, err := st.Import(ctx, next, contact.ImportOptions{
		Source: source, Format: format, OnDuplicate: opts.OnDuplicate, KeyField: keyField,
		Visibility: visibility, DefaultVisibility: p.Visibility, Tags: opts.Tags, DryRun: opts.DryRun,
		BeforeCommit: rej.flush, KeptAs: keptAs(format),
		AfterCommit: func() { committed, commitErr = true, rej.commit() },
	}, report)
	if err == nil && !committed {
		// A dry run, which commits nothing (rej.commit then writes no
		// file).
		commitErr = rej.commit()
	}
	bar.finish()
	for _, n := range dec.Notices() {
		f.Infof("%s: %s", displayName(opts.File), n)
	}
	if err != nil {
		if contact.ErrorCode(err) == contact.EINVALID {
			err = inputError(opts.File, err)
		}
		return err
	}
	if warnings > shownWarnings {
		f.Infof("... and %d more warnings", warnings-shownWarnings)
	}
	if batch.Failed > shownRejects {
		f.Infof("... and %d more rejected records", batch.Failed-shownRejects)
	}
	if commitErr != nil {
		if !opts.DryRun {
			f.Infof("%s", summary(batch, opts, f.IO.CanPrompt()))
		}
		return commitErr
	}
	f.Infof("%s", summary(batch, opts, f.IO.CanPrompt()))
	if batch.Failed == 0 {
		if old := staleErrorFile(opts, rej.format, start); old != "" {
			f.Infof("Note: %s is from an earlier import; this one rejected no records.", contact.PathText(old))
		}
	}
	if f.Globals.Output != "" {
		if err := printBatch(f, batch); err != nil {
			return err
		}
	}
	if batch.Failed > 0 {
		where := "listed above"
		if rej.dryRun != "" {
			where += "; a dry run does not write " + contact.PathText(rej.dryRun)
		}
		if rej.path != "" {
			where = "written to " + contact.PathText(rej.path) + " with the reason " + rejectReasonPlace(format)
			// A stream (--errors /dev/stderr, a pipe) is no file to fix.
			if rej.file == nil || !rej.file.Direct() {
				where += "; fix " + contact.Plural(batch.Failed, "it", "them") + " and import that file"
			}
		}
		return contact.Errorf(contact.EPARTIAL, "%d %s rejected, %s", batch.Failed, contact.Plural(batch.Failed, "record was", "records were"), where)
	}
	return nil
}

// errorsToStdout reports whether the error file named is standard output,
// out: "-", or a name for the file or pipe out is (/dev/stdout, or the file
// stdout was redirected to). A terminal or /dev/null, which nobody parses,
// may take both.
func errorsToStdout(name string, out io.Writer) bool {
	if name == "-" {
		return true
	}
	f, ok := out.(*os.File)
	if name == "" || !ok {
		return false
	}
	fi, err := os.Stat(name)
	if err != nil || fi.Mode()&os.ModeCharDevice != 0 {
		return false
	}
	of, err := f.Stat()
	return err == nil && os.SameFile(fi, of)
}

// checkOutput refuses a -o the command cannot print before it changes
// anything.
func checkOutput(f *factory.Factory) error {
	if f.Globals.Output == "" {
		return nil
	}
	_, err := f.Printer()
	return err
}

// printBatch prints what an import did, with -o: the batch as JSON, or a
// row of the import list's columns.
func printBatch(f *factory.Factory, b *contact.ImportBatch) error {
	out, err := f.Printer()
	if err != nil {
		return err
	}
	switch out.Format {
	case output.JSON, output.NDJSON:
		return out.JSON(b)
	}
	id := strconv.FormatInt(b.ID, 10)
	if b.DryRun {
		id = "" // no batch was stored
	}
	return out.Rows([]string{"id", "source", "format", "records", "imported", "updated", "failed", "skipped"},
		[][]string{{id, b.Source, b.Format, strconv.Itoa(b.Total), strconv.Itoa(b.Imported),
			strconv.Itoa(b.Updated), strconv.Itoa(b.Failed), strconv.Itoa(b.Skipped)}})
}

// rejectReasonPlace says where the error file of format gives the reason.
func rejectReasonPlace(format string) string {
	switch format {
	case codec.VCard:
		return "in an X-ROLO-ERROR property"
	case codec.JSON, codec.NDJSON:
		return `in an "error" key`
	}
	return "in the error column"
}

// summary is the line that ends every import (SPEC section 5). Its undo
// hint is one a script can run as it is (--yes) when there is nobody to
// answer import undo's question.
func summary(b *contact.ImportBatch, opts *ImportOptions, prompt bool) string {
	s := fmt.Sprintf("%d of %d records imported, %d failed, %d duplicates skipped", b.Imported, b.Total, b.Failed, b.Skipped)
	if b.Updated > 0 {
		verb := "updated"
		if opts.OnDuplicate == contact.OnDuplicateMerge {
			verb = "merged"
		}
		s += fmt.Sprintf(", %d %s", b.Updated, verb)
	}
	switch {
	case opts.DryRun:
		s += "\nDry run: nothing was written."
	case b.Imported > 0:
		yes := " --yes"
		if prompt {
			yes = ""
		}
		s += fmt.Sprintf("\nImport %d: rolo import undo %d%s erases the %d %s it created.", b.ID, b.ID, yes, b.Imported, contact.Plural(b.Imported, "contact", "contacts"))
	}
	return s
}

func displayName(name string) string {
	if name == "-" {
		return "stdin"
	}
	return contact.PathText(name)
}

// inputError names the input in a message about its content.
func inputError(name string, err error) error {
	if contact.ErrorCode(err) == "" || errors.Is(err, context.Canceled) {
		return err // an interrupt is said as one
	}
	return contact.Errorf(contact.ErrorCode(err), "%s: %s; nothing was imported", displayName(name), contact.ErrorMessage(err))
}

// progress is the progress bar on stderr (a terminal): the bytes of a
// file read so far, or the records of standard input. Only the goroutine
// that receives the outcomes touches the bar; the reader only counts.
type progress struct {
	bar  *progressbar.ProgressBar
	size int64
	read atomic.Int64
	done bool

	// Standard input, whose size is unknown: a spinner with the records
	// so far and, after a second, their rate, in its description, as
	// progressbar's count reads "1001/-" and its first rate is one record
	// over a few microseconds.
	records              int64
	start, lastDescribed time.Time
}

// barDelay is how long an import of a file runs before its bar shows.
const barDelay = 500 * time.Millisecond

func newProgress(f *factory.Factory, size int64) *progress {
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(f.IO.ErrOut),
		progressbar.OptionSetDescription("importing"),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionSetRenderBlankState(false),
	}
	if size > 0 {
		opts = append(opts, progressbar.OptionShowBytes(true))
		bar := progressbar.NewOptions64(size, opts...)
		bar.StartWithoutRender() // its clock, which its rate divides by, runs from now
		return &progress{bar: bar, size: size, start: time.Now()}
	}
	// No elapsed time: "| importing 1234567 records, 12345/s" fits a
	// 40-column terminal only without it. The spinner turns as the
	// import draws it (update), not on a timer: the bar's own goroutine
	// that turns it would draw it again after finish took it away
	// ("/ importing 9501 records" left after the summary), and races
	// with clear, which the bar does not lock.
	opts = append(opts, progressbar.OptionSetElapsedTime(false), progressbar.OptionSetSpinnerChangeInterval(0))
	return &progress{bar: progressbar.NewOptions64(-1, opts...), start: time.Now()}
}

// update moves the bar after one record.
func (p *progress) update() {
	if p == nil || p.done {
		return
	}
	if p.size > 0 {
		// The first read fills a buffer in microseconds: a bar drawn
		// then says "(20 GB/s)". It starts after barDelay, its rate
		// measured over that time, and a short import shows none.
		if time.Since(p.start) >= barDelay {
			p.bar.Set64(min(p.read.Load(), p.size))
		}
		return
	}
	p.records++
	now := time.Now()
	if now.Sub(p.lastDescribed) < 200*time.Millisecond {
		return
	}
	p.lastDescribed = now
	d := fmt.Sprintf("importing %d %s", p.records, contact.Plural(int(p.records), "record", "records"))
	if secs := now.Sub(p.start).Seconds(); secs >= 1 {
		d += fmt.Sprintf(", %.0f/s", float64(p.records)/secs)
	}
	p.bar.Describe(d)
}

// clear takes the bar off the screen, so that a message can be printed;
// the next update draws it again.
func (p *progress) clear() {
	if p != nil && !p.done {
		p.bar.Clear()
	}
}

// finish takes the bar away for good.
func (p *progress) finish() {
	p.clear()
	if p != nil {
		p.done = true
	}
}

// showMapping prints what each column of a column-based input feeds.
func showMapping(f *factory.Factory, dec codec.Decoder, format string) error {
	m, ok := dec.(codec.Mapper)
	if !ok {
		return contact.Errorf(contact.EINVALID, "--show-mapping: %s input has no columns to map", format)
	}
	out, err := f.Printer()
	if err != nil {
		return err
	}
	mapping := m.Mapping()
	for _, n := range dec.Notices() {
		f.Infof("%s", n)
	}
	switch out.Format {
	case output.JSON, output.NDJSON:
		// The column as the number it is; a column that feeds no field
		// has a null one ("-" in a table).
		type column struct {
			Column int     `json:"column"`
			Header string  `json:"header"`
			Field  *string `json:"field"`
			Source string  `json:"source"`
		}
		return out.JSONList(len(mapping), func(i int) any {
			c := mapping[i]
			col := column{Column: c.Column, Header: c.Header, Source: c.Source}
			if c.Field != "" {
				col.Field = &c.Field
			}
			return col
		})
	}
	rows := [][]string{}
	for _, c := range mapping {
		field := c.Field
		if field == "" {
			field = "-"
		}
		rows = append(rows, []string{strconv.Itoa(c.Column), c.Header, field, c.Source})
	}
	return out.Rows([]string{"column", "header", "field", "source"}, rows)
}

// resolveKey turns --key COLUMN into what identifies a contact: the field
// the column feeds (an attribute, the UID, an email or a phone), or, for
// a format without columns, the field named.
func resolveKey(dec codec.Decoder, key string) (string, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return "", nil
	}
	byField := func(field string) (string, bool) {
		l := strings.ToLower(field)
		switch {
		case l == "uid":
			return "uid", true
		case l == "email" || l == "emails" || strings.HasPrefix(l, "email."):
			return "email", true
		case l == "phone" || l == "phones" || strings.HasPrefix(l, "phone."):
			return "phone", true
		case strings.HasPrefix(l, "attr.") && len(field) > 5:
			return field, true
		}
		return "", false
	}
	if m, ok := dec.(codec.Mapper); ok {
		cols := m.Mapping()
		for _, exact := range []bool{true, false} {
			for _, c := range cols {
				if (exact && c.Header == key) || (!exact && strings.EqualFold(strings.TrimSpace(c.Header), key)) {
					if k, ok := byField(c.Field); ok {
						return k, nil
					}
					what := "is ignored"
					if c.Field != "" {
						what = "feeds " + c.Field
					}
					return "", contact.Errorf(contact.EINVALID, "--key %s: the column %s, which cannot identify a contact; "+
						"keep it as an attribute with --map '%s=attr.KEY', or use a uid, email or phone column", key, what, c.Header)
				}
			}
		}
		if k, ok := byField(key); ok {
			return k, nil
		}
		var headers []string
		for _, c := range cols {
			headers = append(headers, strconv.Quote(c.Header))
		}
		return "", contact.Errorf(contact.EINVALID, "--key %s: no such column (columns: %s)", key, strings.Join(headers, ", "))
	}
	if k, ok := byField(key); ok {
		return k, nil
	}
	return "attr." + key, nil
}

// rejects writes the error file: created on the first rejected record, in
// place only when the import finishes.
type rejects struct {
	path     string // "" when rejected records are only listed on stderr
	dryRun   string // --errors of a dry run: checked as the import would, and not written
	checked  bool   // the dry run's --errors was checked at its first rejected record
	format   string
	style    codec.CSVStyle // of a CSV error file
	database string         // never written over
	file     *atomicfile.File
	w        *bufio.Writer
	rw       *codec.RejectWriter
	flushed  bool // written out and synced: only the rename is left
}

// stat is the identity of the file being read: the file opened (through
// any link, /dev/stdin included), or standard input's for "-"; nil for a
// pipe or a reader that is not a file.
func (in *input) stat(f *factory.Factory) os.FileInfo {
	file := in.file
	if file == nil {
		file, _ = f.IO.In.(*os.File)
	}
	if file == nil {
		return nil
	}
	fi, err := file.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	return fi
}

// newRejects prepares the error file. The input itself is refused by
// identity, not by name: through a link, as "-" or /dev/stdin, the error
// file would otherwise replace the only copy of the good records.
func newRejects(opts *ImportOptions, format, database string, input os.FileInfo) (*rejects, error) {
	r := &rejects{path: opts.Errors, format: format, database: database}
	if r.path == "-" {
		r.path = "/dev/stdout" // as an export's --out -, rather than a file named "-"
	}
	if r.path == "" && !opts.DryRun {
		r.path = ErrorFileName(opts.File, format)
	}
	if r.path != "" {
		if fi, err := os.Stat(r.path); err == nil && input != nil && os.SameFile(fi, input) {
			return nil, contact.Errorf(contact.EINVALID, "--errors %s: is the input itself", contact.PathText(r.path))
		}
		// Refused before anything is imported, not at the first rejection.
		if err := atomicfile.CheckOutput(r.path, database); err != nil {
			return nil, err
		}
	}
	if opts.DryRun {
		// It validates and reports, and writes nothing (SPEC section 5):
		// no error file either. Its rejected records are listed on
		// stderr, as every import lists the first of them.
		r.path, r.dryRun = "", r.path
	}
	return r, nil
}

// staleErrorFile is the import's error file (--errors FILE, else the
// input's default) when one written before start is there: an import that
// rejects nothing leaves it, as it deletes no file of the user's, and says
// that it is not this import's, so that a script reading --errors FILE
// after a clean run is not left to take yesterday's rejects for today's.
// "" when there is none, or it is no regular file (a stream), or
// --errors is -, standard output, whatever files the directory holds.
func staleErrorFile(opts *ImportOptions, format string, start time.Time) string {
	path := opts.Errors
	if path == "-" {
		// Standard output, not a file named "-" in the directory.
		return ""
	}
	if path == "" {
		if opts.File == "-" {
			return ""
		}
		path = ErrorFileName(opts.File, format)
	}
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() || !fi.ModTime().Before(start) {
		return ""
	}
	return path
}

// ErrorFileName is where the rejected records of an import of name go by
// default: NAME.errors.EXT beside it.
func ErrorFileName(name, format string) string {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	return base + ".errors." + codec.RejectExt(format)
}

func (r *rejects) write(rec *codec.Record, reason string) error {
	if r.path == "" {
		if r.dryRun != "" && !r.checked {
			// Where the import would create the error file, whether it
			// could: a dry run fails as the import would.
			r.checked = true
			return r.createError(atomicfile.CheckCreate(r.dryRun, r.database))
		}
		return nil
	}
	if r.file == nil {
		f, err := atomicfile.Output(r.path, r.database)
		if err != nil {
			return r.createError(err)
		}
		r.file, r.w = f, bufio.NewWriterSize(f, 64<<10)
		r.rw = codec.NewRejectWriter(r.w, r.format)
		r.rw.Style = r.style
	}
	if err := r.rw.Write(rec, reason); err != nil {
		return r.writeError(err)
	}
	return nil
}

// createError words a failure to create the error file: one the system
// will not let rolo create is said as a full disk is, the import not
// saved.
func (r *rejects) createError(err error) error {
	var ce *contact.Error
	if errors.As(err, &ce) && ce.Err != nil {
		return r.writeError(ce.Err)
	}
	return err
}

// flush writes out what is buffered and syncs the temporary file to disk,
// so that only its rename is left to do: the import runs it before it
// commits, and fails, changing nothing, when the error file cannot be
// written whole.
func (r *rejects) flush() error {
	if r.file == nil {
		return nil
	}
	err := r.rw.Flush()
	if err == nil {
		err = r.w.Flush()
	}
	if err == nil && !r.file.Direct() {
		err = r.file.Sync()
	}
	if err != nil {
		return r.writeError(err)
	}
	r.flushed = true
	return nil
}

// commit puts the error file in place once the import is saved: flush has
// written and synced it before (a dry run saves nothing and so ran no
// flush: it runs here), and Commit renames it.
func (r *rejects) commit() error {
	if r.file == nil {
		r.path = ""
		return nil
	}
	if !r.flushed {
		if err := r.flush(); err != nil {
			return err
		}
	}
	// Under the shield, as the database's commit: a process that an
	// interrupt ends (removing the temporary files it holds) is not ended
	// in the middle of it.
	if err := shield.Commit(r.file.Commit); err != nil {
		return contact.Errorf(contact.ErrorCode(err), "the import was saved, but its rejected records were not: %s", contact.ErrorMessage(err))
	}
	return nil
}

// writeError words a failure to write the error file, naming it as the
// user gave it (not the temporary file beside it) and saying that the
// import was not saved, as it is not: a full disk is exit 1, a file the
// system will not let rolo write exit 4.
func (r *rejects) writeError(err error) error {
	var ce *contact.Error
	if errors.As(err, &ce) || errors.Is(err, context.Canceled) {
		return err
	}
	code := atomicfile.WriteCode(err)
	why := atomicfile.UnwrapPath(err).Error()
	if errors.Is(err, syscall.ENOSPC) {
		why = "the disk is full"
	}
	return contact.Errorf(code, "cannot write the error file %s: %s; nothing was imported", contact.PathText(cmp.Or(r.path, r.dryRun)), why)
}

func (r *rejects) abort() {
	if r.file != nil {
		r.file.Abort()
	}
}

// keptAs is ImportOptions.KeptAs for an import of format: a vCard writes
// the properties rolo keeps in the form of its version, Google's CSV the
// custom labels of values in its words.
func keptAs(format string) func(have, got string) string {
	switch format {
	case codec.VCard:
		return codec.KeptAsStored
	case codec.Google:
		return codec.KeptLabelsAsStored
	}
	return nil
}
