package contact

import (
	"context"
	"time"
)

// Store is what a storage backend gives rolo's commands. A Store acts for one
// user (Actor), and every method sees and changes only what that user may:
// a private contact of another user behaves as if it did not exist.
type Store interface {
	// Actor is the user the store acts for.
	Actor() *User

	// CreateContact validates c, stores it and fills in its ID, UID and
	// times. Nothing is written when validation fails.
	CreateContact(ctx context.Context, c *Contact) error
	// Contact returns a visible contact by ID, trashed ones included.
	Contact(ctx context.Context, id int64) (*Contact, error)
	// ResolveRef finds the one visible contact an ID, UID or query names.
	ResolveRef(ctx context.Context, ref string, scope Scope) (*Contact, error)
	// FindContacts returns the visible contacts that match f.
	FindContacts(ctx context.Context, f Filter) ([]*Contact, error)
	// ContactIDs returns the IDs of the visible contacts that match f, in
	// ID order (f's sort and paging do not apply), reading nothing else:
	// what a bulk command acts on.
	ContactIDs(ctx context.Context, f Filter) ([]int64, error)
	// EachContact calls fn with the visible contacts that match f, in ID
	// order, pageSize at a time, all from one snapshot of the database
	// (for exports: bounded memory, one consistent picture). fn must not
	// call the store: the snapshot may hold its only connection (the
	// SQLite store's does), and the call would wait for it forever.
	EachContact(ctx context.Context, f Filter, pageSize int, fn func([]*Contact) error) error
	// EachFound calls fn with the contacts FindContacts(f) returns, in
	// its order, pageSize at a time, all from one snapshot (for listings:
	// bounded memory). fn must not call the store, as for EachContact.
	EachFound(ctx context.Context, f Filter, pageSize int, fn func([]*Contact) error) error
	// UpdateContact loads a contact, lets fn change it, validates the result
	// and writes what changed, with a change-log row per changed value, in
	// one transaction. It returns the contact as stored and the changes.
	UpdateContact(ctx context.Context, id int64, fn func(*Contact) error) (*Contact, []Change, error)
	// UpdateContacts is UpdateContact for many contacts in one
	// transaction, all or none: the first contact that fails rolls every
	// change back, and the error names it. It returns how many changed.
	UpdateContacts(ctx context.Context, ids []int64, fn func(*Contact) error) (int, error)
	// DeleteContacts moves contacts to the trash; RestoreContacts takes them
	// back out; PurgeContacts erases them and all their history. Each
	// handles all ids in one transaction, or none.
	DeleteContacts(ctx context.Context, ids []int64) error
	RestoreContacts(ctx context.Context, ids []int64) error
	PurgeContacts(ctx context.Context, ids []int64) error
	// MayChange changes nothing: it returns the error that the change
	// verb (delete, restore, erase; share or unshare --with the
	// teammates to, publish; transfer to the one teammate to) of the
	// contacts of ids in scope would end in: a login of to that is no
	// teammate's, the first contact not found or not the actor's to
	// change that way (EPERM); nil when there is none. A command gives it
	// before asking a question whose yes would only be refused.
	MayChange(ctx context.Context, ids []int64, scope Scope, verb string, to []string) error
	// Changes returns the newest change-log rows of a visible contact.
	Changes(ctx context.Context, id int64, limit int) ([]Change, error)
	// Tags returns the tags of the visible contacts in scope that start
	// with prefix, case ignored, with how many contacts have each, the
	// most used first; at most limit of them.
	Tags(ctx context.Context, scope Scope, prefix string, limit int) ([]TagCount, error)
	// Interactions returns the latest interactions with a visible contact,
	// by the time they happened.
	Interactions(ctx context.Context, id int64, limit int) ([]Interaction, error)
	// SaveView, View, Views and DeleteViews manage the account's saved
	// queries, shared by the team. SaveView replaces a view of the same
	// name, whoever saved it (and says so), keeping its columns or sort
	// where keep says, in one transaction; v is left as saved. DeleteViews
	// removes only views the actor saved last, unless the actor is an
	// owner or manager (else EPERM), all or none.
	SaveView(ctx context.Context, v *View, keep ViewKeep) (replaced bool, err error)
	View(ctx context.Context, name string) (*View, error)
	Views(ctx context.Context) ([]*View, error)
	DeleteViews(ctx context.Context, names []string) error

	// Lifecycle and history (lifecycle.go, blocks.go, history.go in the
	// sqlite store). Each bulk method acts on visible, non-trashed contacts
	// in one transaction, writes the change log, and returns how many
	// contacts it changed (the others already were in that state).
	//
	// SetFavorite stars or unstars contacts for the actor only.
	SetFavorite(ctx context.Context, ids []int64, on bool) (int, error)
	// SetArchived archives contacts (hidden from list, search and export
	// unless is:archived) or takes them back out.
	SetArchived(ctx context.Context, ids []int64, on bool) (int, error)
	// Tag adds and removes tags (removal ignores case).
	Tag(ctx context.Context, ids []int64, add, rm []string) (int, error)
	// Block blocks contacts (all their numbers and emails) and raw numbers
	// or emails, until a time or forever (until nil), replacing a block in
	// force; Unblock lifts what is in force.
	//
	// A block on a contact is on the contact; a raw block (on a number or
	// email, made when no contact had it) is on the number, for whoever
	// has it: blocking a contact leaves the raw blocks on its numbers and
	// emails in force. RawBlocksOf lists those of contacts, and RawBlock
	// the one on a number or email.
	Block(ctx context.Context, t BlockTargets, until *time.Time, reason string) (int, error)
	Unblock(ctx context.Context, t BlockTargets) (int, error)
	RawBlocksOf(ctx context.Context, ids []int64) ([]BlockRecord, error)
	RawBlock(ctx context.Context, h Handle) (*Block, error)
	// EachBlock lists the blocks in force (with all, the past ones too)
	// on visible contacts and on raw numbers and emails, newest first: at
	// most limit of them (0: all) after the first offset, given to fn at
	// most pageSize at a time, from one snapshot, so that a long list is
	// never held whole.
	EachBlock(ctx context.Context, all bool, limit, offset, pageSize int, fn func([]BlockRecord) error) error
	// ContactsWith returns the visible, non-trashed contacts that have a
	// phone number or email, best match first; Lookup adds whether it is
	// blocked. Both use the E.164 and address indexes.
	ContactsWith(ctx context.Context, h Handle) ([]*Contact, error)
	// TrashedWith returns the visible contacts in the trash that have a
	// phone number or email, best match first.
	TrashedWith(ctx context.Context, h Handle) ([]*Contact, error)
	Lookup(ctx context.Context, h Handle) (*LookupResult, error)
	// AddNote adds the same note to contacts.
	AddNote(ctx context.Context, ids []int64, text string) (int, error)
	// LogInteraction records an interaction with contact it.ContactID, or,
	// when that is 0, with newContact, created in the same transaction
	// unless a visible contact has its number or email by then (an error
	// behind which is ErrHandleTaken). It moves the contact's last
	// activity and channel forward and returns the contact as stored.
	LogInteraction(ctx context.Context, it *Interaction, newContact *Contact) (*Contact, error)
	// History returns a visible contact's timeline, newest first.
	History(ctx context.Context, id int64) ([]Event, error)
	// EachDated calls fn with the birthdays and anniversaries of the
	// visible, active (not archived, not trashed) contacts on one of
	// monthDays (MM-DD, as OccasionDays lists them), one date a row, at
	// most pageSize rows at a time, in the order of the days of the year
	// from the day from (MM-DD) on; the rows of one day in no set order.
	EachDated(ctx context.Context, monthDays []string, from string, pageSize int, fn func([]Dated) error) error

	// Sharing and ownership (sharing.go in the sqlite store), on visible,
	// non-trashed contacts in one transaction, all or none, with a
	// change-log row per change; each returns how many contacts changed.
	// Only a private contact's owner may share, unshare, publish or
	// transfer it; a public one is already everyone's (share, unshare and
	// publish change nothing) and is transferred by its owner or an
	// owner/manager of the account. A visible contact the actor may not act
	// on is EPERM; an unknown teammate is ENOTFOUND.
	//
	// Share gives teammates access to private contacts; Unshare takes it
	// back.
	Share(ctx context.Context, ids []int64, logins []string) (int, error)
	Unshare(ctx context.Context, ids []int64, logins []string) (int, error)
	// Publish makes private contacts public, for good.
	Publish(ctx context.Context, ids []int64) (int, error)
	// Transfer makes a teammate the owner of contacts.
	Transfer(ctx context.Context, ids []int64, login string) (int, error)

	// Duplicates, merge and unmerge (dupes.go, merge.go in the sqlite
	// store).
	//
	// MatchRecords streams, in ID order, what duplicate detection needs of
	// the visible contacts matching a query, without loading them whole.
	// fn must not call the store: the rows being read may hold its only
	// connection (the SQLite store's do), and the call would wait for it
	// forever. Collect what fn finds; act on it after MatchRecords returns.
	MatchRecords(ctx context.Context, query string, fn func(*MatchRecord) error) error
	// MergeConflicts lists the fields on which the contacts of a merge
	// disagree, with the value opts choose; Merge merges otherIDs into
	// keepID (see MergeContacts) in one transaction and records how to undo
	// it. Every contact must be visible (else ENOTFOUND) and mergeable by
	// the actor (else EPERM).
	MergeConflicts(ctx context.Context, keepID int64, otherIDs []int64, opts MergeOptions) ([]Conflict, error)
	Merge(ctx context.Context, keepID int64, otherIDs []int64, opts MergeOptions) (*MergeResult, error)
	// FindMerge resolves a merge ID, or a contact whose newest merge is
	// meant; Unmerge restores the contacts of a merge exactly.
	FindMerge(ctx context.Context, ref string) (int64, error)
	Unmerge(ctx context.Context, mergeID int64) (*UnmergeResult, error)

	// Import and export batches (import.go in the sqlite store).
	//
	// Import reads records with next until it returns io.EOF and stores
	// them in one transaction, all or nothing: every record is validated
	// as CreateContact validates, matched against the visible contacts and
	// the earlier records (opts.OnDuplicate, opts.KeyField), and created,
	// updated, merged, skipped or rejected; report is told each outcome in
	// input order. A rejected record does not stop the import. It returns
	// the import batch (not stored on a dry run).
	Import(ctx context.Context, next func() (*ImportRecord, error), opts ImportOptions, report func(*ImportOutcome) error) (*ImportBatch, error)
	// ImportBatches lists every user's imports, newest first (batches
	// are shared, SPEC section 1; the counts of another's are hidden):
	// at most limit of them (0: all) after the first offset.
	ImportBatches(ctx context.Context, limit, offset int) ([]*ImportBatch, error)
	// UndoImport erases the contacts an import (anyone's) created that
	// still exist and that the acting user may delete, and marks the
	// batch undone unless contacts of it are left that someone else may
	// erase. Updates the import made to existing contacts stay.
	UndoImport(ctx context.Context, id int64) (*ImportUndo, error)
	// PreviewUndoImport is what UndoImport would do now (Removed: how many
	// it would erase), changing nothing.
	PreviewUndoImport(ctx context.Context, id int64) (*ImportUndo, error)

	// Users lists the account's teammates.
	Users(ctx context.Context) ([]*User, error)
	// AddTeammate adds a teammate with their name, email and phone, all
	// written in one transaction; only an owner or manager may.
	AddTeammate(ctx context.Context, login string, details User, role string) (*User, error)
	// UpdateUser lets fn change a teammate's name, email and phone; a
	// teammate may change their own, an owner or manager anyone's.
	UpdateUser(ctx context.Context, login string, fn func(*User) error) (*User, error)
	// SetRole changes a teammate's role and reports whether it changed.
	// Only an owner or manager may, only an owner may give or take the
	// owner role, and the last owner is never demoted (EPERM).
	SetRole(ctx context.Context, login, role string) (bool, error)
	// RemoveUser removes a teammate: the contacts they own go to
	// transferTo (required when they own private ones; public ones go to
	// the actor otherwise), their shares and favorites go, and their
	// past actions and the views they saved stay. It returns the login that
	// received contacts, or "". The same rules as SetRole apply.
	RemoveUser(ctx context.Context, login, transferTo string) (string, error)

	Close() error
}

// Scope says which lifecycle states a lookup includes.
type Scope int

// Scopes for ResolveRef and Filter.
const (
	ScopeActive  Scope = iota // not deleted (archived included for direct references)
	ScopeDeleted              // only contacts in the trash
	ScopeAny                  // both
)

// Parts are what a contact holds besides its own row: each is read from
// another table, one query per part for a page of contacts.
type Parts uint16

// The parts of a contact.
const (
	PartPhones     Parts = 1 << iota // Phones
	PartEmails                       // Emails
	PartAddresses                    // Addresses
	PartSocials                      // Socials
	PartURLs                         // URLs
	PartTags                         // Tags
	PartAttributes                   // Attributes
	PartNotes                        // Notes
	PartShares                       // SharedWith
	PartFavorite                     // Favorite, for the reading user
	PartBlock                        // Blocked, the block in force

	AllParts = PartPhones | PartEmails | PartAddresses | PartSocials | PartURLs | PartTags |
		PartAttributes | PartNotes | PartShares | PartFavorite | PartBlock
)

// Filter selects contacts.
type Filter struct {
	Query string  // the query language (SPEC section 4)
	IDs   []int64 // restrict to these IDs
	// IDPrefix restricts to the IDs whose digits start with it (12: 12,
	// 120-129, 1200-1299, ...), for completion.
	IDPrefix int64
	Scope    Scope // lifecycle states to include when the query does not say
	// IncludeArchived keeps archived contacts even when the query does not
	// ask for is:archived (a direct reference still finds them).
	IncludeArchived bool
	Sort            []string // field names, "-" prefix for descending
	// Rank orders by relevance to the query's words (search) when Sort is
	// empty.
	Rank   bool
	Limit  int // 0: no limit
	Offset int
	// AfterID keeps only contacts with a greater ID, for reading a large
	// result in pages ordered by ID (export).
	AfterID int64
	// Skip names the parts the caller will not read (a listing that
	// prints a few columns); they are left empty. The zero value reads
	// every part.
	Skip Parts
	// Interactions also reads each contact's whole interaction history
	// into Contact.Interactions (rolo's own export, and a listing as
	// vCards). Only EachContact and EachFound read it.
	Interactions bool
}

// TagCount is a tag and how many contacts have it.
type TagCount struct {
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}
