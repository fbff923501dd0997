// Package doctor implements `rolo doctor`.
package doctor

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// DoctorOptions are doctor's inputs.
type DoctorOptions struct {
	F      *factory.Factory
	Repair bool
	Vacuum bool
}

// NewCmdDoctor returns the doctor command; runF replaces the run function
// in tests.
func NewCmdDoctor(f *factory.Factory, runF func(context.Context, *DoctorOptions) error) *cobra.Command {
	opts := &DoctorOptions{F: f}
	cmd := &cobra.Command{
		Annotations: map[string]string{factory.Interruptible: "true"},
		Use:         "doctor [--repair] [--vacuum]",
		Short:       "Check the database for damage and stale indexes",
		Long: `Check the profile's database and report what was found, one line per check:

  file          a SQLite file, not truncated; its free space, when over a
                tenth of the file (space deleted contacts left, which
                SQLite keeps for later writes)
  permissions   the file is 0600 and no one else can replace it, its directory
                is writable (warnings); its -wal and -shm files are writable
  schema        a schema version this rolo knows (older ones are upgraded),
                with every table, view, trigger and index
  integrity     SQLite's PRAGMA integrity_check: pages, indexes, FTS structure
  foreign keys  PRAGMA foreign_key_check: no row points at a missing row
  search index  the full-text index holds exactly the words of every contact
  phone index   the digit index agrees with the phone numbers
  uids          every UUID names one contact (a warning names those an older
                rolo let hold one UUID in different cases)

doctor changes nothing and exits 1 when a check fails (warnings do not
count). Where there is no database yet it creates none and exits 3. The
checks read one snapshot of the database, so they can run while other rolo
commands write.

--repair rebuilds what is derived from the contacts (every index, the
search and phone indexes, also when integrity finds them damaged) and
upgrades an older schema, then checks again. Damage to the contacts
themselves cannot be repaired: restore a backup with rolo restore-backup
FILE. A database written by a newer rolo is not damaged: upgrade rolo. A
file that is not rolo's (another program's SQLite database, or one that
does not start with the SQLite header) is not replaced by restore-backup:
give rolo a file of its own, or move a damaged rolo database away first.

--vacuum, when the checks find no problem, compacts the file: SQLite's
VACUUM rewrites it without its free space. It holds the write lock while it
runs: other rolo commands that write wait for it (up to 30 seconds, so run
it when nothing else does on a large database). It needs free disk space of
about the database's size twice, in the temporary directory ($TMPDIR) and
beside the database. As a backup, only an owner or manager of the team may
(exit 4 for anyone else). Interrupted, it leaves the file as it was.`,
		Example: `  rolo doctor
  rolo doctor --repair
  rolo doctor --vacuum
  rolo doctor -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return doctorRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Repair, "repair", false, "rebuild the indexes, upgrade an older schema, check again")
	cmd.Flags().BoolVar(&opts.Vacuum, "vacuum", false, "compact the file, giving back its free space (owner or manager)")
	return cmd
}

func doctorRun(ctx context.Context, opts *DoctorOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	out, err := f.Printer()
	if err != nil {
		return err
	}
	h, err := sqlite.Doctor(ctx, p.Database, sqlite.DoctorOptions{Repair: opts.Repair, Vacuum: opts.Vacuum, Login: p.User})
	if err != nil {
		return err
	}
	rows := make([][]string, len(h.Checks))
	for i, c := range h.Checks {
		rows[i] = []string{c.Name, c.Status, c.Detail}
	}
	if err := out.Rows([]string{"check", "status", "detail"}, rows); err != nil {
		return err
	}
	if len(h.Repairs) > 0 {
		f.Infof("Repaired %s: %s.", contact.PathText(h.Path), strings.Join(h.Repairs, ", "))
	}
	if h.Vacuumed != nil {
		f.Infof("Vacuumed %s: %s.", contact.PathText(h.Path), h.Vacuumed)
	}
	if n := h.Problems(); n > 0 {
		hint := "rolo doctor --repair rebuilds the indexes"
		switch {
		case h.LeftAlone() != "":
			// Not rolo's: restore-backup would refuse to replace it.
			hint = h.LeftAlone()
		case h.Newer():
			// Restoring an older backup would lose what the newer
			// rolo wrote.
			hint = "a newer rolo wrote it: upgrade rolo, then run rolo doctor again"
		case h.Check(sqlite.CheckPermissions) != nil && h.Check(sqlite.CheckPermissions).Status == sqlite.CheckError:
			// Read-only -wal or -shm files: nothing is damaged.
			hint = "change the permissions as the permissions check says, then run rolo doctor again"
		case h.Unopened():
			// Nothing in the file was read, nor found damaged.
			hint = "SQLite cannot open it (see integrity), which no repair changes: run rolo doctor again once that is fixed"
		case !h.Repairable():
			hint = "this cannot be rebuilt; restore a backup with rolo restore-backup FILE"
		}
		if opts.Vacuum {
			hint += "; not vacuumed"
		}
		// Checks that failed, not problems: the integrity check alone
		// may count many of its own ("6 problems: ...").
		return contact.Errorf(contact.EINTERNAL, "doctor: %d %s in %s; %s", n, contact.Plural(n, "check failed", "checks failed"), contact.PathText(h.Path), hint)
	}
	return nil
}
