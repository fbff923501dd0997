// Package backup implements `rolo backup` and `rolo restore-backup`.
package backup

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// BackupOptions are the inputs of backup and restore-backup.
type BackupOptions struct {
	F    *factory.Factory
	File string
}

// NewCmdBackup returns the backup command; runF replaces the run function
// in tests.
func NewCmdBackup(f *factory.Factory, runF func(context.Context, *BackupOptions) error) *cobra.Command {
	opts := &BackupOptions{F: f}
	return &cobra.Command{
		Annotations: map[string]string{factory.Interruptible: "true"},
		Use:         "backup FILE",
		Short:       "Copy the database to a file, safely while it is in use",
		Long: `Copy the profile's whole database (every teammate's contacts and history) to
FILE with SQLite's online backup API.

The copy is one consistent snapshot, taken without stopping other rolo
commands: they go on writing while it runs. It is written to a temporary
file beside FILE, checked, synced to disk and renamed over FILE, so FILE is
never half-written; it has mode 0600 and is a plain SQLite file (no -wal
file to carry along). A database whose free space (what deleted contacts
left; see rolo doctor) is over a tenth of the file is copied compact. A
FILE that is not a regular file (/dev/stdout, a pipe, a device), or -,
is refused, exit 2. Restore it with rolo restore-backup FILE. Where there is
no database yet, backup creates none and exits 3.

As the copy holds every teammate's private contacts, only an owner or
manager of the team may make one (exit 4 for anyone else).`,
		Example: `  rolo backup ~/backups/rolo-$(date +%F).db
  rolo --profile work backup /mnt/nas/rolo-work.db`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return backupRun(cmd.Context(), opts)
		},
	}
}

func backupRun(ctx context.Context, opts *BackupOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	info, err := sqlite.Backup(ctx, p.Database, opts.File, p.User)
	if err != nil {
		return err
	}
	f.Infof("Backed up %s (%s, schema version %d) to %s.", contact.PathText(p.Database), size(info.Bytes), info.Schema, contact.PathText(opts.File))
	return nil
}

// NewCmdRestoreBackup returns the restore-backup command; runF replaces
// the run function in tests.
func NewCmdRestoreBackup(f *factory.Factory, runF func(context.Context, *BackupOptions) error) *cobra.Command {
	opts := &BackupOptions{F: f}
	return &cobra.Command{
		Annotations: map[string]string{factory.Interruptible: "true"},
		Use:         "restore-backup FILE",
		Short:       "Replace the database with a backup",
		Long: `Replace the profile's database with FILE, a backup made by rolo backup (or
any copy of a rolo database).

FILE is checked first: it must be a SQLite database with rolo's tables that
passes PRAGMA integrity_check, of a schema version this rolo knows; a backup
of an older rolo is upgraded in a copy beside the database before anything is
replaced (one whose upgrade fails is refused), and one whose indexes alone
are damaged has them rebuilt there from its contacts. rolo asks before
replacing anything unless --yes is given; without a terminal to ask on,
--yes is required. Only an owner or manager of the team in the database as
it is now may restore (exit 4 for anyone else), unless it is too damaged to
read.

The restore copies FILE into the live database in one transaction. Other
rolo processes using the database wait for it (up to 30 seconds) and then
see the restored contacts; whatever they wrote before the restore is
replaced with the rest. The IDs the database handed out since the backup
stay handed out (the next contact gets a new one): FILE is copied beside the
database first to carry them, which needs room for that copy. An
interrupted or failing restore leaves the database as it was. A database
file too damaged for SQLite to open (one that starts with the SQLite
header, say cut short) is replaced whole instead.

Two files are not replaced, even with --yes (exit 1, the file left as it
was), as every command refuses to open them: another program's SQLite
database (tables but no rolo schema_migrations table), and a file that
does not start with the SQLite header (a --db typo naming a document). If
the latter is a rolo database damaged at its start, move it away first,
then restore.`,
		Example: `  rolo restore-backup ~/backups/rolo-2026-06-14.db
  rolo restore-backup --yes /mnt/nas/rolo-work.db`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return restoreRun(cmd.Context(), opts)
		},
	}
}

func restoreRun(ctx context.Context, opts *BackupOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	// The store checks who may restore and the backup before asking.
	confirm := func(info *sqlite.BackupInfo) error {
		if f.Globals.Yes {
			return nil
		}
		if !f.IO.CanPrompt() {
			return contact.Errorf(contact.EINVALID, "restore-backup: refusing to replace %s without --yes: %s", contact.PathText(p.Database), f.IO.NoPromptReason())
		}
		saved := ""
		if fi, err := os.Stat(opts.File); err == nil {
			// In local time, as rolo shows times at a terminal.
			saved = ", saved " + fi.ModTime().Local().Format("2006-01-02 15:04 MST")
		}
		if len(info.Managers) > 0 {
			f.Warnf("rolo: warning: %s in the backup: once it is restored, only its owners and managers (%s) may restore another backup or change the team.", outsider(p.User, info), strings.Join(info.Managers, ", "))
		}
		ok, err := f.Confirm(fmt.Sprintf("Replace every contact in %s with the backup %s (%s%s)?", contact.PathText(p.Database), contact.PathText(opts.File), size(info.Bytes), saved), false)
		if err != nil {
			return err
		}
		if !ok {
			return contact.Errorf(contact.EINTERNAL, "cancelled; nothing was changed")
		}
		return nil
	}
	info, err := sqlite.RestoreBackup(ctx, opts.File, p.Database, p.User, confirm)
	if err != nil {
		return err
	}
	if len(info.Managers) > 0 {
		// Said after the restore too: --yes asked nothing.
		defer f.Warnf("rolo: warning: %s in the restored database: only its owners and managers (%s) may restore another backup or change the team now (rolo --as %s ...).", outsider(p.User, info), strings.Join(info.Managers, ", "), info.Managers[0])
	}
	if info.Rebuilt {
		f.Infof("Restored %s from %s (%s), rebuilding its damaged indexes from its contacts.", contact.PathText(p.Database), contact.PathText(opts.File), size(info.Bytes))
		return nil
	}
	f.Infof("Restored %s from %s (%s).", contact.PathText(p.Database), contact.PathText(opts.File), size(info.Bytes))
	return nil
}

// outsider says what login is in a backup's team whose owners and
// managers it is not one of.
func outsider(login string, info *sqlite.BackupInfo) string {
	if info.Role == "" {
		return fmt.Sprintf("%s is not a teammate", strings.TrimSpace(login))
	}
	return fmt.Sprintf("%s is a %s", strings.TrimSpace(login), info.Role)
}

// size is a file's size for a message. Messages give no count of
// contacts: it would count other users' private ones (SPEC section 1).
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
