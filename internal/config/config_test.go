package config_test

import (
	"errors"
	"os"
	"os/user"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/rolo-cli/rolo/internal/config"
	"github.com/rolo-cli/rolo/internal/contact"
)

// testEnv is a fresh environment with HOME and the XDG directories in a
// temporary directory, plus the given variables.
func testEnv(t *testing.T, vars ...string) (config.Env, string) {
	t.Helper()
	home := t.TempDir()
	m := map[string]string{
		"HOME":            home,
		"XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"XDG_DATA_HOME":   filepath.Join(home, ".local", "share"),
		"USER":            "alice",
	}
	for i := 0; i+1 < len(vars); i += 2 {
		m[vars[i]] = vars[i+1]
	}
	return func(k string) string { return m[k] }, home
}

func load(t *testing.T, env config.Env) *config.Config {
	t.Helper()
	c, err := config.Load(env)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func resolve(t *testing.T, c *config.Config, o config.Overrides) *config.Profile {
	t.Helper()
	p, err := c.Resolve(o)
	if err != nil {
		t.Fatalf("Resolve(%+v): %v", o, err)
	}
	return p
}

func TestDefaultsWithNoFile(t *testing.T) {
	env, home := testEnv(t)
	c := load(t, env)
	if want := filepath.Join(home, ".config", "rolo", "config.yaml"); c.File() != want {
		t.Errorf("File = %q, want %q", c.File(), want)
	}
	if c.Current() != "default" || !reflect.DeepEqual(c.Profiles(), []string{"default"}) {
		t.Errorf("Current = %q, Profiles = %v", c.Current(), c.Profiles())
	}
	p := resolve(t, c, config.Overrides{})
	want := &config.Profile{
		Name: "default", Database: filepath.Join(home, ".local", "share", "rolo", "default.db"), User: "alice", Owner: "alice",
		Region: "US", Visibility: "private", DateFormat: "relative", File: c.File(),
		Source:     map[string]string{"database": "default", "user": "default", "region": "default", "visibility": "default", "columns": "default", "date_format": "default"},
		NameSource: "default",
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("Resolve\n got: %+v\nwant: %+v", p, want)
	}
	if _, err := os.Stat(c.File()); !os.IsNotExist(err) {
		t.Errorf("resolving wrote the config file: %v", err)
	}
}

// A new database's owner is the profile's user, not the one --as names:
// --as zed on a fresh machine must not make zed the only owner.
func TestOwnerIsTheProfilesUser(t *testing.T) {
	env, _ := testEnv(t)
	c := load(t, env)
	if p := resolve(t, c, config.Overrides{User: "Zed"}); p.User != "zed" || p.Owner != "alice" {
		t.Errorf("--as Zed: User %q, Owner %q; want zed, alice", p.User, p.Owner)
	}
	env, _ = testEnv(t, "ROLO_USER", "bob")
	if p := resolve(t, load(t, env), config.Overrides{User: "zed"}); p.Owner != "bob" {
		t.Errorf("ROLO_USER=bob --as zed: Owner %q, want bob", p.Owner)
	}
	env, _ = testEnv(t, "ROLO_USER", "jörg")
	if p := resolve(t, load(t, env), config.Overrides{User: "zed"}); p.Owner != "zed" {
		t.Errorf("ROLO_USER=jörg --as zed: Owner %q, want zed (the profile has no login)", p.Owner)
	}
}

func TestPathWithoutXDG(t *testing.T) {
	env := func(k string) string {
		if k == "HOME" {
			return "/home/ada"
		}
		return ""
	}
	if got := config.Path(env); got != "/home/ada/.config/rolo/config.yaml" {
		t.Errorf("Path = %q", got)
	}
	c := load(t, env)
	p := resolve(t, c, config.Overrides{})
	if p.Database != "/home/ada/.local/share/rolo/default.db" {
		t.Errorf("Database = %q", p.Database)
	}
}

// Without $HOME (cron, env -i) the paths are the account's, never relative
// to the working directory.
func TestPathWithoutHome(t *testing.T) {
	env := func(string) string { return "" }
	if got := config.Path(env); !filepath.IsAbs(got) {
		t.Errorf("Path = %q, want an absolute path", got)
	}
	p := resolve(t, load(t, env), config.Overrides{User: "alice"})
	if !filepath.IsAbs(p.Database) {
		t.Errorf("Database = %q, want an absolute path", p.Database)
	}
}

// Without $HOME and without an entry in the password database (an
// arbitrary uid in a container) there is no default place for the config
// or the database, and no login: rolo says what to set rather than use the
// current directory or act as a made-up user. What is given still works.
func TestNoHomeNoAccount(t *testing.T) {
	t.Setenv("HOME", "") // os.UserHomeDir reads the process's
	config.SetCurrentUser(t, func() (*user.User, error) { return nil, errors.New("unknown userid 12345") })
	vars := map[string]string{}
	env := func(k string) string { return vars[k] }

	if got := config.Path(env); got != "" {
		t.Errorf("Path = %q, want none", got)
	}
	c := load(t, env)
	_, err := c.Resolve(config.Overrides{User: "alice"})
	if contact.ErrorCode(err) != contact.EINVALID || !strings.Contains(err.Error(), "set HOME, or XDG_DATA_HOME to an absolute path, or name the database with --db or ROLO_DB") {
		t.Errorf("Resolve with no home: %v, want what to set", err)
	}
	_, err = c.Resolve(config.Overrides{Database: "/srv/x.db"})
	if contact.ErrorCode(err) != contact.EINVALID || !strings.Contains(err.Error(), "no user to act as") || !strings.Contains(err.Error(), "--as, ROLO_USER") {
		t.Errorf("Resolve with no login: %v, want what to set", err)
	}
	if p := resolve(t, c, config.Overrides{Database: "/srv/x.db", User: "alice"}); p.Database != "/srv/x.db" || p.User != "alice" {
		t.Errorf("Resolve with --db and --as = %q, %q", p.Database, p.User)
	}
	err = c.Init("default", nil)
	if contact.ErrorCode(err) != contact.EINVALID || !strings.Contains(err.Error(), "set HOME, or XDG_CONFIG_HOME to an absolute path") {
		t.Errorf("Init with no home: %v, want what to set", err)
	}
	// An unknown profile does not send the user to config init, which
	// would fail the same way, without saying what it needs.
	_, err = c.Resolve(config.Overrides{Profile: "work", Database: "/srv/x.db", User: "alice"})
	if contact.ErrorCode(err) != contact.ENOTFOUND || !strings.Contains(err.Error(), "set HOME or XDG_CONFIG_HOME, then run rolo config init work") {
		t.Errorf("an unknown profile with no home: %v", err)
	}

	vars["XDG_DATA_HOME"], vars["USER"] = "/data", "bob"
	if p := resolve(t, load(t, env), config.Overrides{}); p.Database != "/data/rolo/default.db" || p.User != "bob" {
		t.Errorf("Resolve with XDG_DATA_HOME and USER = %q, %q", p.Database, p.User)
	}
	vars["XDG_CONFIG_HOME"] = "/etc/xdg"
	if got := config.Path(env); got != "/etc/xdg/rolo/config.yaml" {
		t.Errorf("Path with XDG_CONFIG_HOME = %q", got)
	}
}

// TestPrecedence checks flag > environment > profile > default for each key
// that can come from all of them.
func TestPrecedence(t *testing.T) {
	env, _ := testEnv(t)
	c := load(t, env)
	if err := c.Init("work", map[string]string{"database": "/data/work.db", "user": "bob", "region": "GB", "visibility": "public", "columns": "id,name", "date_format": "iso"}); err != nil {
		t.Fatal(err)
	}
	// profile beats default
	p := resolve(t, load(t, env), config.Overrides{Profile: "work"})
	if p.Database != "/data/work.db" || p.User != "bob" || p.Region != "GB" || p.Visibility != "public" ||
		!reflect.DeepEqual(p.Columns, []string{"id", "name"}) || p.DateFormat != "iso" {
		t.Errorf("profile values: %+v", p)
	}
	for k, src := range p.Source {
		if src != "profile" {
			t.Errorf("source of %s = %q, want profile", k, src)
		}
	}

	// environment beats profile
	env2 := func(k string) string {
		switch k {
		case "ROLO_DB":
			return "/env/db.db"
		case "ROLO_USER":
			return "carol"
		case "ROLO_REGION":
			return "de"
		case "ROLO_VISIBILITY":
			return "PRIVATE"
		case "ROLO_COLUMNS":
			return "id, email ,"
		case "ROLO_DATE_FORMAT":
			return "rfc3339"
		}
		return env(k)
	}
	p = resolve(t, load(t, env2), config.Overrides{Profile: "work"})
	if p.Database != "/env/db.db" || p.User != "carol" || p.Region != "DE" || p.Visibility != "private" ||
		!reflect.DeepEqual(p.Columns, []string{"id", "email"}) || p.DateFormat != "rfc3339" {
		t.Errorf("env values: %+v", p)
	}
	for k, src := range p.Source {
		if src != "env" {
			t.Errorf("source of %s = %q, want env", k, src)
		}
	}

	// flag beats environment
	p = resolve(t, load(t, env2), config.Overrides{Profile: "work", Database: "/flag.db", User: "dave"})
	if p.Database != "/flag.db" || p.User != "dave" || p.Source["database"] != "flag" || p.Source["user"] != "flag" {
		t.Errorf("flag values: %+v", p)
	}
	if p.Source["region"] != "env" {
		t.Errorf("region source = %q, want env", p.Source["region"])
	}
}

// TestProfileChoice: --profile > ROLO_PROFILE > the file's current profile
// > "default".
func TestProfileChoice(t *testing.T) {
	env, _ := testEnv(t)
	c := load(t, env)
	for _, name := range []string{"home", "work", "club"} {
		if err := c.Init(name, nil); err != nil {
			t.Fatal(err)
		}
	}
	// Creating profiles does not switch to them: default stays current.
	if got := resolve(t, load(t, env), config.Overrides{}).Name; got != "default" {
		t.Errorf("current = %q, want default", got)
	}
	envP := func(k string) string {
		if k == "ROLO_PROFILE" {
			return "Work"
		}
		return env(k)
	}
	if got := resolve(t, load(t, envP), config.Overrides{}).Name; got != "work" {
		t.Errorf("with ROLO_PROFILE: %q, want work", got)
	}
	if got := resolve(t, load(t, envP), config.Overrides{Profile: "club"}).Name; got != "club" {
		t.Errorf("with --profile: %q, want club", got)
	}
	// Each profile has its own default database.
	a := resolve(t, load(t, env), config.Overrides{Profile: "work"})
	b := resolve(t, load(t, env), config.Overrides{Profile: "club"})
	if a.Database == b.Database || filepath.Base(a.Database) != "work.db" || filepath.Base(b.Database) != "club.db" {
		t.Errorf("databases: %q, %q", a.Database, b.Database)
	}
	// default always exists, even when the file does not list it.
	if got := resolve(t, load(t, env), config.Overrides{Profile: "default"}).Name; got != "default" {
		t.Errorf("default profile: %q", got)
	}
	if !reflect.DeepEqual(load(t, env).Profiles(), []string{"club", "default", "home", "work"}) {
		t.Errorf("Profiles = %v", load(t, env).Profiles())
	}
}

func TestInitSetUseRoundTrip(t *testing.T) {
	env, _ := testEnv(t)
	c := load(t, env)
	if err := c.Init("work", map[string]string{"database": "/tmp/w.db", "region": "gb"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Init("home", nil); err != nil {
		t.Fatal(err)
	}
	// Reloading from the file gives back what was written.
	c = load(t, env)
	if c.Current() != "default" || !c.HasProfileInFile("work") || !c.HasProfileInFile("home") || c.HasProfileInFile("default") {
		t.Errorf("after Init: current %q, profiles %v", c.Current(), c.Profiles())
	}
	if err := c.Set("work", "visibility", "public"); err != nil {
		t.Fatal(err)
	}
	if err := c.Set("work", "columns", "id, name,,email"); err != nil {
		t.Fatal(err)
	}
	if err := c.Use("home"); err != nil {
		t.Fatal(err)
	}
	c = load(t, env)
	if c.Current() != "home" {
		t.Errorf("Current after Use = %q", c.Current())
	}
	p := resolve(t, c, config.Overrides{Profile: "work"})
	if p.Database != "/tmp/w.db" || p.Region != "GB" || p.Visibility != "public" || !reflect.DeepEqual(p.Columns, []string{"id", "name", "email"}) {
		t.Errorf("work = %+v", p)
	}
	h := resolve(t, c, config.Overrides{})
	if h.Name != "home" || h.Region != "US" || h.Visibility != "private" || h.User != "alice" {
		t.Errorf("home = %+v", h)
	}
	fi, err := os.Stat(c.File())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("config file mode = %v, want 0600", fi.Mode().Perm())
	}
	// No temporary files are left beside it.
	entries, _ := os.ReadDir(filepath.Dir(c.File()))
	if len(entries) != 1 {
		t.Errorf("config directory holds %d files", len(entries))
	}
}

func TestBadValues(t *testing.T) {
	env, _ := testEnv(t)
	c := load(t, env)
	if err := c.Init("work", nil); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(c.File())
	tests := []struct {
		key, val, want string
	}{
		{"region", "XX", `config: region: "XX" is not an ISO 3166 region code (example: US, GB, DE)`},
		{"region", "United States", `config: region: "United States" is not an ISO 3166 region code`},
		{"visibility", "secret", `config: visibility: "secret" must be private or public`},
		{"database", " ", `config: database: empty path`},
		{"user", "", `config: user: empty login`},
		{"colour", "red", `config: unknown key "colour" (keys: database, user, region, visibility, columns, date_format)`},
		// A layout over two lines would split every table row it dates.
		{"date_format", "2006-01-02\n15:04", `config: date_format: "2006-01-02\n15:04" contains a control character`},
		{"date_format", "2006-01-02\t15:04", `config: date_format: "2006-01-02\t15:04" contains a control character`},
	}
	for _, tt := range tests {
		err := c.Set("work", tt.key, tt.val)
		if err == nil || contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(contact.ErrorMessage(err), tt.want) {
			t.Errorf("Set(%s, %q) = %v, want EINVALID %s", tt.key, tt.val, err, tt.want)
		}
		if err := config.ValidateKey(tt.key, tt.val); err == nil {
			t.Errorf("ValidateKey(%s, %q) accepted it", tt.key, tt.val)
		}
	}
	if err := c.Init("bad", map[string]string{"region": "XX"}); contact.ErrorCode(err) != contact.EINVALID {
		t.Errorf("Init with a bad region: %v", err)
	}
	after, _ := os.ReadFile(c.File())
	if string(before) != string(after) {
		t.Errorf("refused changes were written:\n%s", after)
	}
	for _, name := range []string{"Work Stuff", "-x", "", "a/b"} {
		if err := c.Init(name, nil); contact.ErrorCode(err) != contact.EINVALID {
			t.Errorf("Init(%q) = %v, want EINVALID", name, err)
		}
	}
	if err := c.Init("work", nil); contact.ErrorCode(err) != contact.ECONFLICT {
		t.Errorf("Init of an existing profile = %v, want ECONFLICT", err)
	}
	if err := c.Set("nosuch", "region", "GB"); contact.ErrorCode(err) != contact.ENOTFOUND {
		t.Errorf("Set on a missing profile = %v, want ENOTFOUND", err)
	}
	if err := c.Use("nosuch"); contact.ErrorCode(err) != contact.ENOTFOUND {
		t.Errorf("Use of a missing profile = %v, want ENOTFOUND", err)
	}
	if _, err := c.Resolve(config.Overrides{Profile: "nosuch"}); contact.ErrorCode(err) != contact.ENOTFOUND ||
		!strings.Contains(contact.ErrorMessage(err), `no profile "nosuch"`) {
		t.Errorf("Resolve of a missing profile = %v, want ENOTFOUND", err)
	}
}

// TestBadValueSources: a bad value from the environment or the file is a
// usage error that says where it came from.
func TestBadValueSources(t *testing.T) {
	env, _ := testEnv(t, "ROLO_REGION", "XX")
	_, err := load(t, env).Resolve(config.Overrides{})
	if contact.ErrorCode(err) != contact.EINVALID || !strings.HasSuffix(contact.ErrorMessage(err), "(from ROLO_REGION)") {
		t.Errorf("bad ROLO_REGION: %v", err)
	}

	env, _ = testEnv(t)
	c := load(t, env)
	if err := os.MkdirAll(filepath.Dir(c.File()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.File(), []byte("profile: default\nprofiles:\n  default:\n    visibility: secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = load(t, env).Resolve(config.Overrides{})
	if contact.ErrorCode(err) != contact.EINVALID || !strings.Contains(contact.ErrorMessage(err), c.File()) {
		t.Errorf("bad visibility in the file: %v", err)
	}

	if err := os.WriteFile(c.File(), []byte("profiles: [unclosed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := config.Load(env); contact.ErrorCode(err) != contact.EINVALID || !strings.HasSuffix(contact.ErrorMessage(err), c.File()+" line 1: not valid YAML (did not find expected ',' or ']')") {
		t.Errorf("broken YAML: %v", err)
	}
	// The parser places an unclosed list on the key above it (line 3);
	// the line to fix is the one with the bracket.
	for _, tc := range []struct{ body, want string }{
		{"profile: default\nprofiles:\n  default:\n    columns: [name, email # the list\n    region: US\n", " line 4: not valid YAML (did not find expected ',' or ']')"},
		{"profile: default\nprofiles:\n  default: {region: US\n  work:\n    region: GB\n", " line 3: not valid YAML (did not find expected ',' or '}')"},
	} {
		if err := os.WriteFile(c.File(), []byte(tc.body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := config.Load(env); contact.ErrorCode(err) != contact.EINVALID || !strings.HasSuffix(contact.ErrorMessage(err), c.File()+tc.want) {
			t.Errorf("unclosed bracket: %v, want %q", err, tc.want)
		}
	}
}

// TestUnknownKeys: a misspelt key is named, so that its default is not used
// in silence.
func TestUnknownKeys(t *testing.T) {
	env, _ := testEnv(t)
	c := load(t, env)
	if err := os.MkdirAll(filepath.Dir(c.File()), 0o700); err != nil {
		t.Fatal(err)
	}
	body := "profile: work\ncolour: blue\nprofiles:\n  work:\n    databse: /x.db\n    region: GB\n"
	if err := os.WriteFile(c.File(), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := load(t, env).Unknown(); !reflect.DeepEqual(got, []string{"colour", "profiles.work.databse"}) {
		t.Errorf("Unknown = %q", got)
	}
}

func TestProfileGet(t *testing.T) {
	p := &config.Profile{Database: "d", User: "u", Region: "GB", Visibility: "public", Columns: []string{"id", "name"}, DateFormat: "iso"}
	want := map[string]string{"database": "d", "user": "u", "region": "GB", "visibility": "public", "columns": "id,name", "date_format": "iso", "nosuch": ""}
	for k, v := range want {
		if got := p.Get(k); got != v {
			t.Errorf("Get(%s) = %q, want %q", k, got, v)
		}
	}
	for _, k := range config.Keys {
		if _, ok := want[k]; !ok {
			t.Errorf("key %s is not covered", k)
		}
	}
}

// A config file that is a link into a dotfiles repository stays a link:
// the file it names is written.
func TestSaveThroughLink(t *testing.T) {
	env, home := testEnv(t)
	c := load(t, env)
	real := filepath.Join(home, "dotfiles", "rolo.yaml")
	if err := os.MkdirAll(filepath.Dir(real), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(c.File()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, c.File()); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := c.Init("work", map[string]string{"region": "GB"}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(c.File()); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if b, err := os.ReadFile(real); err != nil || !strings.Contains(string(b), "work") {
		t.Errorf("the file the link names: %q, %v", b, err)
	}
}

// TestSettingShapes: a list or mapping where one value belongs is refused,
// naming the key, not read as "" (the default profile, an empty login).
func TestSettingShapes(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"profile: [work, home]\n", "config: profile: must be a profile name, not a list (in "},
		{"profile: {a: b}\n", "config: profile: must be a profile name, not a mapping (in "},
		{"profiles:\n  default:\n    user: {a: b}\n", `config: user: must be a login name, not a mapping (from profile "default" in `},
		{"profiles:\n  default:\n    region: [US]\n", `config: region: must be a region code, not a list (from profile "default" in `},
		{"profiles:\n  default:\n    columns: {a: b}\n", `config: columns: must be a list of columns, not a mapping (from profile "default" in `},
		{"profiles:\n  default:\n    columns: [id, [name]]\n", `config: columns: must be a list of columns, not a list holding a list (from profile "default" in `},
		{"profiles:\n  default:\n    columns: [id, {name: 1}]\n", `config: columns: must be a list of columns, not a list holding a mapping (from profile "default" in `},
	} {
		env, _ := testEnv(t)
		c := load(t, env)
		if err := os.MkdirAll(filepath.Dir(c.File()), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(c.File(), []byte(tc.body), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := config.Load(env)
		if err == nil {
			if unknown := c.Unknown(); len(unknown) > 0 {
				t.Errorf("%q: unknown settings %q", tc.body, unknown)
			}
			_, err = c.Resolve(config.Overrides{})
		}
		if contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(contact.ErrorMessage(err), tc.want) {
			t.Errorf("%q: got %v, want %q...", tc.body, err, tc.want)
		}
	}
}

// Changes to the config file made at once (config set in two shells, or
// a script's in the background) are all kept: each makes its change to
// the file as the others left it, not to the copy it read when it started.
func TestConcurrentChanges(t *testing.T) {
	env, _ := testEnv(t)
	if err := load(t, env).Init("default", nil); err != nil {
		t.Fatal(err)
	}
	sets := [][2]string{{"region", "GB"}, {"visibility", "public"}, {"date_format", "iso"},
		{"columns", "id,name"}, {"user", "bob"}, {"database", "/srv/x.db"}}
	inits := []string{"p1", "p2", "p3", "p4", "p5", "p6"}
	// Every one reads the file before any writes it, as processes
	// started together do.
	cs := make([]*config.Config, len(sets)+len(inits))
	for i := range cs {
		cs[i] = load(t, env)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(cs))
	for i := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i < len(sets) {
				errs[i] = cs[i].Set("default", sets[i][0], sets[i][1])
			} else {
				errs[i] = cs[i].Init(inits[i-len(sets)], map[string]string{"region": "DE"})
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	c := load(t, env)
	p := resolve(t, c, config.Overrides{})
	for _, set := range sets {
		if got := p.Get(set[0]); got != set[1] {
			t.Errorf("%s = %q, want %q: a change was lost", set[0], got, set[1])
		}
	}
	if want := append([]string{"default"}, inits...); !reflect.DeepEqual(c.Profiles(), want) {
		t.Errorf("Profiles = %v, want %v: a profile was lost", c.Profiles(), want)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(c.File()), ".*")); len(left) > 0 {
		t.Errorf("left beside the config file: %v", left)
	}
}

// A lock file that cannot be opened (left by another user's rolo) is
// named in the error, not the config file, which may be writable, with
// what to do about it; nothing is changed.
func TestLockFileInTheWay(t *testing.T) {
	env, _ := testEnv(t)
	c := load(t, env)
	if err := c.Init("default", nil); err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(filepath.Dir(c.File()), ".config.yaml.lock")
	if err := os.Mkdir(lock, 0o700); err != nil {
		t.Fatal(err)
	}
	err := load(t, env).Set("default", "region", "GB")
	if err == nil {
		t.Fatal("Set with a lock file that cannot be opened succeeded")
	}
	msg := contact.ErrorMessage(err)
	if !strings.Contains(msg, "lock file "+lock+":") || !strings.Contains(msg, "if no rolo is running, it may be removed") {
		t.Errorf("error = %q, want it to name the lock file %s and say it may be removed", msg, lock)
	}
	if got := resolve(t, load(t, env), config.Overrides{}).Get("region"); got == "GB" {
		t.Error("the change was made")
	}
}

// On a file system without locks (ENOLCK on some NFS mounts), a change
// is made without the lock, as before there was one, not refused.
func TestNoLocksOnFileSystem(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.ENOLCK, syscall.EOPNOTSUPP, syscall.ENOSYS} {
		env, _ := testEnv(t)
		config.SetLockFile(t, func(*os.File) error { return errno })
		if err := load(t, env).Set("default", "region", "GB"); err != nil {
			t.Errorf("Set with flock failing %v: %v", errno, err)
			continue
		}
		c := load(t, env)
		if got := resolve(t, c, config.Overrides{}).Get("region"); got != "GB" {
			t.Errorf("with flock failing %v: region = %q, want GB", errno, got)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(c.File()), ".*")); len(left) > 0 {
			t.Errorf("left beside the config file: %v", left)
		}
	}
}

// A relative $HOME (HOME=.) is no home: the account's home is used, as
// where HOME is unset, not a config and a database in each directory rolo
// runs in.
func TestRelativeHome(t *testing.T) {
	config.SetCurrentUser(t, func() (*user.User, error) { return &user.User{Username: "ada", HomeDir: "/home/ada"}, nil })
	for _, h := range []string{".", "rel", "./home"} {
		t.Setenv("HOME", h) // os.UserHomeDir reads the process's
		env := func(k string) string {
			if k == "HOME" {
				return h
			}
			return ""
		}
		if got := config.Path(env); got != "/home/ada/.config/rolo/config.yaml" {
			t.Errorf("HOME=%s: Path = %q, want the account's", h, got)
		}
		c, err := config.Load(env)
		if err != nil {
			t.Fatal(err)
		}
		if p := resolve(t, c, config.Overrides{}); p.Database != "/home/ada/.local/share/rolo/default.db" {
			t.Errorf("HOME=%s: Database = %q, want the account's", h, p.Database)
		}
		if p := resolve(t, c, config.Overrides{Database: "~/x.db"}); p.Database != "/home/ada/x.db" {
			t.Errorf("HOME=%s: ~/x.db is %q, want the account's", h, p.Database)
		}
	}
	// With no account either, there is no home, and the message says why.
	config.SetCurrentUser(t, func() (*user.User, error) { return nil, errors.New("unknown userid 12345") })
	env := func(k string) string { return map[string]string{"HOME": ".", "USER": "ada"}[k] }
	if got := config.Path(env); got != "" {
		t.Errorf("HOME=. and no account: Path = %q, want none", got)
	}
	_, err := load(t, env).Resolve(config.Overrides{})
	if err == nil || !strings.Contains(err.Error(), `HOME (".") is a relative path and the account has no home directory`) {
		t.Errorf("HOME=. and no account: %v, want why there is no home", err)
	}
}
