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
	// UpdateContact loads a contact, lets fn change it, validates the result
	// and writes what changed, with a change-log row per changed value, in
	// one transaction. It returns the contact as stored and the changes.
	UpdateContact(ctx context.Context, id int64, fn func(*Contact) error) (*Contact, []Change, error)
	// DeleteContacts moves contacts to the trash; RestoreContacts takes them
	// back out; PurgeContacts erases them and all their history. Each
	// handles all ids in one transaction, or none.
	DeleteContacts(ctx context.Context, ids []int64) error
	RestoreContacts(ctx context.Context, ids []int64) error
	PurgeContacts(ctx context.Context, ids []int64) error
	// Changes returns the newest change-log rows of a visible contact.
	Changes(ctx context.Context, id int64, limit int) ([]Change, error)
	// SaveView, View, Views and DeleteView manage the acting user's saved
	// queries.
	SaveView(ctx context.Context, v *View) error
	View(ctx context.Context, name string) (*View, error)
	Views(ctx context.Context) ([]*View, error)
	DeleteView(ctx context.Context, name string) error

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
	Block(ctx context.Context, t BlockTargets, until *time.Time, reason string) (int, error)
	Unblock(ctx context.Context, t BlockTargets) (int, error)
	// Blocks lists the blocks in force (with all, the past ones too) on
	// visible contacts and on raw numbers and emails, newest first.
	Blocks(ctx context.Context, all bool) ([]BlockRecord, error)
	// ContactsWith returns the visible, non-trashed contacts that have a
	// phone number or email, best match first; Lookup adds whether it is
	// blocked. Both use the E.164 and address indexes.
	ContactsWith(ctx context.Context, h Handle) ([]*Contact, error)
	Lookup(ctx context.Context, h Handle) (*LookupResult, error)
	// AddNote adds the same note to contacts.
	AddNote(ctx context.Context, ids []int64, text string) (int, error)
	// LogInteraction records an interaction with contact it.ContactID, or,
	// when that is 0, with newContact, created in the same transaction. It
	// moves the contact's last activity and channel forward and returns the
	// contact as stored.
	LogInteraction(ctx context.Context, it *Interaction, newContact *Contact) (*Contact, error)
	// History returns a visible contact's timeline, newest first.
	History(ctx context.Context, id int64) ([]Event, error)
	// DatedContacts returns the visible, active (not archived, not trashed)
	// contacts with a birthday or an anniversary.
	DatedContacts(ctx context.Context) ([]*Contact, error)

	// Users lists the account's teammates.
	Users(ctx context.Context) ([]*User, error)
	// CreateUser adds a teammate; only an owner or manager may.
	CreateUser(ctx context.Context, login, name, role string) (*User, error)

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

// Filter selects contacts.
type Filter struct {
	Query string  // the query language (SPEC section 4)
	IDs   []int64 // restrict to these IDs
	Scope Scope   // lifecycle states to include when the query does not say
	// IncludeArchived keeps archived contacts even when the query does not
	// ask for is:archived (a direct reference still finds them).
	IncludeArchived bool
	Sort            []string // field names, "-" prefix for descending
	// Rank orders by relevance to the query's words (search) when Sort is
	// empty.
	Rank   bool
	Limit  int // 0: no limit
	Offset int
}
