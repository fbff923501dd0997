// Package config resolves rolo's configuration (SPEC section 8) into a typed
// Profile. It is the only package that uses viper: precedence is flag >
// environment > profile > default, and nothing else calls viper.Get.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/rolo-cli/rolo/internal/atomicfile"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/lazyre"
)

// DefaultProfile is used when nothing names a profile.
const DefaultProfile = "default"

// Keys a profile holds, in display order.
var Keys = []string{"database", "user", "region", "visibility", "columns", "date_format"}

// envNames maps each key to its environment override.
var envNames = map[string]string{
	"database": "ROLO_DB", "user": "ROLO_USER", "region": "ROLO_REGION",
	"visibility": "ROLO_VISIBILITY", "columns": "ROLO_COLUMNS", "date_format": "ROLO_DATE_FORMAT",
}

// No dot: viper reads "profiles.my.work" as a profile "my" with a key
// "work".
var profileNameRE = lazyre.New(`^[a-z0-9][a-z0-9_-]*$`)

// Profile is a resolved profile: where the data lives and who acts.
type Profile struct {
	Name     string
	Database string
	User     string
	// Owner is the login a new database gets as its first user, its
	// owner: the profile's own user (ROLO_USER, the profile's user,
	// $USER), not one --as names, which must be a teammate already. Where
	// the profile has no user that can be a login, it is User (--as's).
	Owner      string
	Region     string
	Visibility string
	Columns    []string
	DateFormat string
	// Source says where each key's value came from: flag, env, profile or
	// default.
	Source map[string]string
	// NameSource says where the profile's name came from: flag, env,
	// profile (the file's current profile) or default.
	NameSource string
	// File is the config file read (it may not exist yet).
	File string
}

// Get returns a key's value as text.
func (p *Profile) Get(key string) string {
	switch key {
	case "database":
		return p.Database
	case "user":
		return p.User
	case "region":
		return p.Region
	case "visibility":
		return p.Visibility
	case "columns":
		return strings.Join(p.Columns, ",")
	case "date_format":
		return p.DateFormat
	}
	return ""
}

// Overrides are the global flags that take precedence over everything.
type Overrides struct {
	Profile  string
	Database string
	User     string
}

// Env reads environment variables; tests pass their own.
type Env func(string) string

// Config is the config file and environment.
type Config struct {
	v    *viper.Viper
	path string
	env  Env
	// profiles are the profiles the file holds, by name as viper reads
	// it (in lower case), each with what is wrong with it (a name no
	// profile can have, settings that are no mapping) or nil. A profile
	// with no settings (all of them commented out) is one with the
	// defaults, as a new one.
	profiles map[string]error
}

// Path returns the config file path: $XDG_CONFIG_HOME/rolo/config.yaml,
// defaulting to ~/.config/rolo/config.yaml; "" when there is neither (see
// home): there is no config file then.
func Path(env Env) string {
	if dir := xdgDir(env, "XDG_CONFIG_HOME"); dir != "" {
		return filepath.Join(dir, "rolo", "config.yaml")
	}
	if h := home(env); h != "" {
		return filepath.Join(h, ".config", "rolo", "config.yaml")
	}
	return ""
}

// noHome is why there is no default place for name (the config file, the
// database), and what to set instead.
func noHome(env Env, name, xdg, instead string) error {
	why := "HOME is unset"
	if h := env("HOME"); h != "" {
		why = fmt.Sprintf("HOME (%q) is a relative path", h)
	}
	return contact.Errorf(contact.EINVALID, "config: no %s: %s and the account has no home directory in the password database; set HOME, or %s to an absolute path%s", name, why, xdg, instead)
}

// xdgDir is the directory an XDG base directory variable names, or "" to
// use the default. A relative path is ignored, as the XDG Base Directory
// specification says: it would give each directory rolo runs in a config
// and a database of its own.
func xdgDir(env Env, name string) string {
	if dir := env(name); filepath.IsAbs(dir) {
		return dir
	}
	return ""
}

// currentUser is the account rolo runs as, from the password database;
// tests replace it.
var currentUser = user.Current

// home is the home directory: $HOME or, where that is unset (cron,
// systemd, env -i), the account's home from the password database. ""
// when there is neither (an arbitrary uid in a container): never the
// current directory, as paths relative to wherever rolo runs would give
// every directory a config and a database of its own. A relative $HOME
// (HOME=.) would do that too, and is ignored as a relative XDG directory
// is (xdgDir).
func home(env Env) string {
	if h := env("HOME"); filepath.IsAbs(h) {
		return h
	}
	if h, err := os.UserHomeDir(); err == nil && filepath.IsAbs(h) {
		return h
	}
	if u, err := currentUser(); err == nil && filepath.IsAbs(u.HomeDir) {
		return u.HomeDir
	}
	return ""
}

// Load reads the config file if there is one. A missing file is not an
// error: everything has a default.
func Load(env Env) (*Config, error) {
	c := &Config{path: Path(env), env: env}
	if err := c.read(); err != nil {
		return nil, err
	}
	return c, nil
}

// read reads the config file into c, which has no setting where there is
// no file (or no home, and so no path).
func (c *Config) read() error {
	v := viper.New()
	v.SetConfigType("yaml")
	profiles := map[string]error{}
	if c.path == "" {
		c.v, c.profiles = v, profiles
		return nil
	}
	data, err := os.ReadFile(c.path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		// A file the user may not read is permission denied (exit 4), as
		// a database is.
		code := contact.EINVALID
		if errors.Is(err, fs.ErrPermission) {
			code = contact.EPERM
		}
		return contact.Errorf(code, "config: cannot read %s: %v", contact.PathText(c.path), atomicfile.UnwrapPath(err))
	}
	if err == nil {
		if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
			var parse viper.ConfigParseError
			if errors.As(err, &parse) {
				return contact.Errorf(contact.EINVALID, "config: %s", yamlProblem(c.path, parse.Unwrap()))
			}
			return contact.Errorf(contact.EINVALID, "config: cannot read %s: %v", contact.PathText(c.path), err)
		}
		if err := keysInOneCase(c.path, data); err != nil {
			return err
		}
		if text, ok := asWritten(data); ok {
			v = viper.New()
			v.SetConfigType("yaml")
			if err := v.ReadConfig(bytes.NewReader(text)); err != nil {
				return contact.Errorf(contact.EINTERNAL, "config: cannot read %s: %v", contact.PathText(c.path), err)
			}
		}
	}
	// Read as text, a list or mapping would be "": the default profile,
	// used in silence.
	if kind := structured(v.Get("profile")); kind != "" {
		return contact.Errorf(contact.EINVALID, "config: profile: must be a profile name, not %s (in %s)", kind, contact.PathText(c.path))
	}
	if what := notMapping(v.Get("profiles")); what != "" {
		return contact.Errorf(contact.EINVALID, "config: profiles: must be a mapping of profiles (such as work:), not %s (in %s)", what, contact.PathText(c.path))
	}
	for name, settings := range v.GetStringMap("profiles") {
		switch {
		case !profileNameRE().MatchString(name):
			profiles[name] = badProfileName(name, "; in "+contact.PathText(c.path))
		case notMapping(settings) != "":
			profiles[name] = contact.Errorf(contact.EINVALID, "config: profile %q: must be a mapping of settings (such as region: GB), not %s (in %s)", name, notMapping(settings), contact.PathText(c.path))
		default:
			profiles[name] = nil
		}
	}
	c.v, c.profiles = v, profiles
	return nil
}

// settingIs says what each profile key holds, for an error about a value
// of another shape.
var settingIs = map[string]string{
	"database": "a file path", "user": "a login name", "region": "a region code",
	"visibility": "private or public", "columns": "a list of columns", "date_format": "a date format",
}

// structured names the shape of a YAML value that is no single setting:
// "a list" or "a mapping"; "" for a word, number or nothing.
func structured(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case map[string]any, map[any]any:
		return "a mapping"
	}
	return ""
}

// keysInOneCase refuses the keys of one mapping that differ only in case
// (Work: and work:), as the YAML parser refuses a key written twice: viper
// reads keys in lower case, and would keep either mapping in silence.
func keysInOneCase(path string, data []byte) error {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil {
		return nil // viper has read it: no YAML to refuse
	}
	var walk func(n *yaml.Node) error
	walk = func(n *yaml.Node) error {
		if n.Kind == yaml.MappingNode {
			seen := map[string]*yaml.Node{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				folded := strings.ToLower(k.Value)
				if first, ok := seen[folded]; ok && first.Value != k.Value {
					return contact.Errorf(contact.EINVALID, "config: %s line %d: mapping key %q already defined as %q at line %d (keys are read in lower case)", contact.PathText(path), k.Line, k.Value, first.Value, first.Line)
				}
				seen[folded] = k
			}
		}
		for _, child := range n.Content {
			if err := walk(child); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(&doc)
}

// asWritten is the config file's YAML with each plain (unquoted, untagged)
// number, boolean and date a string, as written: the YAML parser reads
// 2006-01-02 as a date and 007 as the number 7, which would be the
// date_format "2006-01-02 00:00:00 +0000 UTC" (printed as such in every
// table) and the user "7" (another login), and which config init/set/use
// would write back so. A null (~, or nothing) stays one. ok is false when
// there is nothing to change (or no YAML: viper has said what is wrong).
func asWritten(data []byte) (text []byte, ok bool) {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil {
		return nil, false
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && n.Style&yaml.TaggedStyle == 0 {
			switch n.Tag {
			case "!!int", "!!float", "!!bool", "!!timestamp":
				n.Tag, ok = "!!str", true
			}
		}
		for _, child := range n.Content {
			walk(child)
		}
	}
	walk(&doc)
	if !ok {
		return nil, false
	}
	text, err := yaml.Marshal(&doc)
	if err != nil {
		return nil, false
	}
	return text, true
}

// notMapping names the shape of a YAML value where a mapping belongs: "a
// list", or the value itself, quoted; "" for a mapping or nothing (a
// mapping whose keys are all commented out).
func notMapping(v any) string {
	switch kind := structured(v); {
	case v == nil, kind == "a mapping":
		return ""
	case kind != "":
		return kind
	}
	return strconv.Quote(fmt.Sprint(v))
}

// yamlLineRE finds the line the YAML parser names: "yaml: line 2: did not
// find expected ',' or ']'", or "yaml: unmarshal errors:\n  line 1: cannot
// unmarshal !!str `...` into map[string]interface {}".
var yamlLineRE = lazyre.New(`^yaml: (unmarshal errors:\s*)?line (\d+): (.*)`)

// yamlProblem says what is wrong with the config file at path in plain
// words, with its line, rather than as viper and the YAML parser do ("While
// parsing config:", YAML tags, Go types).
func yamlProblem(path string, err error) string {
	msg := strings.TrimSpace(err.Error())
	shown := contact.PathText(path)
	m := yamlLineRE().FindStringSubmatch(msg)
	switch {
	case m != nil && m[1] != "" && strings.HasPrefix(m[3], "cannot unmarshal"):
		// Settings are read into a mapping: only the whole document can
		// be something else (a list, a bare word, garbage).
		return shown + " line " + m[2] + ": not a YAML mapping of settings (such as profile: and profiles:)"
	case m != nil && m[1] != "":
		// The first of the parser's complaints, in words already: a
		// mapping key "default" already defined at line 2.
		first, _, _ := strings.Cut(m[3], "\n")
		return shown + " line " + m[2] + ": " + first
	case m != nil:
		return shown + " line " + unclosedFrom(path, m[2], m[3]) + ": not valid YAML (" + m[3] + ")"
	}
	return shown + ": not valid YAML (" + strings.TrimPrefix(msg, "yaml: ") + ")"
}

// unclosedFrom is the line to name for the parser's problem at line: for
// a list or mapping written in brackets and never closed ("did not find
// expected ',' or ']'"), which the parser may place on the line of the key
// above it, the first line from there on that opens more brackets of that
// kind than it closes, the line to fix. Otherwise, or when no line does,
// line itself.
func unclosedFrom(path, line, problem string) string {
	open, closing := "[", "]"
	switch {
	case strings.HasSuffix(problem, "']'"):
	case strings.HasSuffix(problem, "'}'"):
		open, closing = "{", "}"
	default:
		return line
	}
	from, err := strconv.Atoi(line)
	data, rerr := os.ReadFile(path)
	if err != nil || rerr != nil {
		return line
	}
	for i, l := range strings.Split(string(data), "\n") {
		if i+1 < from {
			continue
		}
		if before, _, ok := strings.Cut(l, " #"); ok {
			l = before // a comment
		}
		if strings.Count(l, open) > strings.Count(l, closing) {
			return strconv.Itoa(i + 1)
		}
	}
	return line
}

// File is the config file's path.
func (c *Config) File() string { return c.path }

// Unknown lists the keys of the file rolo does not read, as written there
// (profiles.work.databse): a misspelt key would otherwise be ignored in
// silence, and the default used in its place.
func (c *Config) Unknown() []string {
	var out []string
	for _, k := range c.v.AllKeys() {
		if k == "profile" || k == "profiles" || c.ofProfile(k) {
			continue
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ofProfile reports whether k, a key of the file, is a profile's (a
// profile with no settings, or one whose settings are no mapping, which
// resolving it refuses) or a setting in one. profiles.work.user.a is in a
// user: {a: b}, which resolving the profile refuses: it is no setting of
// its own. A profile's name may hold a dot (a.b, which is refused).
func (c *Config) ofProfile(k string) bool {
	for name := range c.profiles {
		rest, ok := strings.CutPrefix(k, "profiles."+name)
		if ok && rest == "" {
			return true
		}
		if key, ok := strings.CutPrefix(rest, "."); ok {
			key, _, _ = strings.Cut(key, ".")
			if slices.Contains(Keys, key) {
				return true
			}
		}
	}
	return false
}

// Current is the profile used when no flag or environment names one.
func (c *Config) Current() string {
	if p := ProfileName(c.v.GetString("profile")); p != "" {
		return p
	}
	return DefaultProfile
}

// ProfileName is a profile name as rolo reads it wherever it comes from
// (--profile, ROLO_PROFILE, profile: in the file, an argument): without
// the spaces around it, in lower case (" Work " is work).
func ProfileName(typed string) string {
	return strings.ToLower(strings.TrimSpace(typed))
}

// Profiles lists the profiles in the file, sorted, those it refuses too
// (see Stored); the default profile is always there, as it works with no
// file.
func (c *Config) Profiles() []string {
	out := []string{DefaultProfile}
	for name := range c.profiles {
		if name != DefaultProfile {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// profileList is Profiles for a message: a name no profile can have
// ("work ") is quoted, to be told from the one typed (work).
func (c *Config) profileList() string {
	names := c.Profiles()
	for i, n := range names {
		if !profileNameRE().MatchString(n) {
			names[i] = strconv.Quote(n)
		}
	}
	return strings.Join(names, ", ")
}

// HasProfile reports whether name is defined in the file (or is the
// default profile).
func (c *Config) HasProfile(name string) bool {
	return name == DefaultProfile || c.HasProfileInFile(name)
}

// HasProfileInFile reports whether the file itself defines name, with no
// settings too.
func (c *Config) HasProfileInFile(name string) bool {
	_, ok := c.profiles[name]
	return ok
}

// Resolve builds the profile in effect for these overrides. Every bad
// value is named (allOf).
func (c *Config) Resolve(o Overrides) (*Profile, error) {
	name, from := o.Profile, "flag"
	if name == "" {
		name, from = c.env("ROLO_PROFILE"), "env"
	}
	if name == "" {
		// As typed in the file, for an error to quote.
		name, from = c.v.GetString("profile"), "profile"
		if name == "" {
			name, from = DefaultProfile, "default"
		}
	}
	if err := c.checkProfileName(name, from); err != nil {
		return nil, err
	}
	return c.resolve(ProfileName(name), from, o, true)
}

// checkProfileName refuses a name no profile can have, quoting it as it was
// typed (a name is read in lower case: Work is work), before it is looked
// for: "no profile "a.b" ... create it with rolo config init a.b" would
// send the user to a command that refuses it. from says where the name
// came from (flag, env, profile), or is "" for an argument.
func (c *Config) checkProfileName(typed, from string) error {
	if profileNameRE().MatchString(ProfileName(typed)) {
		return nil
	}
	return badProfileName(typed, map[string]string{"flag": "; from --profile", "env": "; from ROLO_PROFILE", "profile": "; from profile: in " + c.path}[from])
}

// badProfileName is the error for a name no profile can have, quoted as
// typed; where says where it was found ("; from --profile"), or is "".
func badProfileName(typed, where string) error {
	return contact.Errorf(contact.EINVALID, "config: profile name %s must be lower-case letters, digits, - or _ (no dot%s)", contact.Quote(typed), where)
}

// createIt says how to have profile name: with config init, or, where
// the file holds a profile with a name no profile can have ("work "),
// which config init refuses to write back, by renaming that one in the
// file.
func (c *Config) createIt(name string) string {
	for _, p := range c.Profiles() {
		if !profileNameRE().MatchString(p) {
			return fmt.Sprintf("rename the profile %q in the file: a name is lower-case letters, digits, - or _", p)
		}
	}
	return "create it with rolo config init " + contact.Shown(name)
}

// Stored builds a profile as the file (and the defaults) say, with no
// environment variable or flag applied: what `config list` shows for
// each profile Profiles lists. The profile is filled as far as its values
// are valid, and every bad one is named (allOf); not at all for one the
// file names with a name no profile can have ("work ") or whose settings
// are no mapping (work: 5), which is an error.
func (c *Config) Stored(name string) (*Profile, error) {
	return c.resolve(name, "profile", Overrides{}, false)
}

// resolve builds profile name, as rolo reads it (ProfileName).
func (c *Config) resolve(name, from string, o Overrides, withEnv bool) (*Profile, error) {
	if !c.HasProfile(name) {
		where := " in " + c.path
		create := c.createIt(name)
		if c.path == "" {
			where = ": no config file (HOME and XDG_CONFIG_HOME are unset)"
			create = "to have one, set HOME or XDG_CONFIG_HOME, then run rolo config init " + contact.Shown(name)
		} else if _, err := os.Stat(c.path); errors.Is(err, fs.ErrNotExist) {
			where = ": no config file at " + c.path + " yet"
		}
		return nil, contact.Errorf(contact.ENOTFOUND, "config: no profile %s%s (profiles: %s; %s)", contact.Quote(name), where, c.profileList(), create)
	}
	p := &Profile{Name: name, Source: map[string]string{}, NameSource: from, File: c.path}
	if err := c.profiles[name]; err != nil {
		if withEnv {
			return nil, err
		}
		return p, err
	}
	flags := map[string]string{"database": o.Database, "user": o.User}
	var errs []error
	for _, key := range Keys {
		val, src, kind := flags[key], "flag", ""
		if val == "" {
			val, src, kind = c.setting(name, key, withEnv)
		}
		if kind != "" {
			err := contact.Errorf(contact.EINVALID, "config: %s: must be %s, not %s (from %s)", key, settingIs[key], kind, c.sourceText("profile", key, name))
			errs = append(errs, err)
			continue
		}
		err := p.set(key, val, c.env)
		if err == nil && key == "database" && src == "profile" {
			err = checkProfileDatabase(val)
		}
		if err != nil && !withEnv && src == "default" && val == "" {
			// A stored profile (config list) leaves a default it cannot
			// have (no home, no account) empty: only a command that needs
			// it stops.
			err = nil
		}
		if err != nil {
			if src != "default" {
				err = contact.Errorf(contact.EINVALID, "%s (from %s)", contact.ErrorMessage(err), c.sourceText(src, key, name))
			} else if key == "database" && val == "" {
				err = noHome(c.env, "database", "XDG_DATA_HOME", ", or name the database with --db or ROLO_DB")
			} else if key == "user" && val == "" {
				err = contact.Errorf(contact.EINVALID, "config: user: no user to act as: USER is unset and the account has no entry in the password database; name one with --as, ROLO_USER or user in the profile")
			} else if key == "user" {
				err = contact.Errorf(contact.EINVALID, "%s (from $USER; name the user to act as with ROLO_USER, --as or rolo config set user)", contact.ErrorMessage(err))
			}
			errs = append(errs, err)
			continue
		}
		p.Source[key] = src
	}
	p.Owner = p.User
	if p.Source["user"] == "flag" {
		if own := c.ownUser(name, withEnv); own != "" {
			p.Owner = own
		}
	}
	if len(errs) > 0 && withEnv {
		return nil, allOf(errs)
	}
	if len(errs) > 0 {
		return p, allOf(errs)
	}
	return p, nil
}

// allOf is one error that says each of errs, bad values of one profile:
// the first as it is, each other on a line of its own below it, so that
// they can all be put right at once.
func allOf(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	var b strings.Builder
	b.WriteString(contact.ErrorMessage(errs[0]))
	for _, err := range errs[1:] {
		b.WriteString("\n  " + strings.TrimPrefix(contact.ErrorMessage(err), "config: "))
	}
	return contact.Errorf(contact.ErrorCode(errs[0]), "%s", b.String())
}

// ownUser is the login the profile names without --as (ROLO_USER, the
// profile's user, else $USER), or "" where it names none that can be one.
func (c *Config) ownUser(name string, withEnv bool) string {
	val, _, kind := c.setting(name, "user", withEnv)
	if kind != "" {
		return ""
	}
	login, err := contact.Login(strings.TrimSpace(val))
	if err != nil {
		return ""
	}
	return login
}

// setting is a key's value from outside the command line, and its source:
// the environment (with withEnv), the profile, else the default. kind is
// the profile value's kind when it is a list or a mapping, which only
// columns may be (a list), and then val is "": read as text, it would be
// "" (user: {a: b} an "empty login") or its Go form.
func (c *Config) setting(name, key string, withEnv bool) (val, src, kind string) {
	if e := c.env(envNames[key]); e != "" && withEnv {
		return e, "env", ""
	}
	pk := "profiles." + name + "." + key
	if !c.v.IsSet(pk) {
		return c.defaultValue(name, key), "default", ""
	}
	if kind := structured(c.v.Get(pk)); kind != "" && (key != "columns" || kind != "a list") {
		return "", "profile", kind
	}
	if key == "columns" {
		// An item that is itself a list or mapping ([id, [name]]) would
		// make the whole list unreadable as text: the default columns,
		// in silence.
		items, _ := c.v.Get(pk).([]any)
		for _, item := range items {
			if kind := structured(item); kind != "" {
				return "", "profile", "a list holding " + kind
			}
		}
		return strings.Join(c.v.GetStringSlice(pk), ","), "profile", ""
	}
	return c.v.GetString(pk), "profile", ""
}

func (c *Config) sourceText(src, key, profile string) string {
	switch src {
	case "flag":
		return map[string]string{"database": "--db", "user": "--as"}[key]
	case "env":
		return envNames[key]
	}
	return "profile " + strconv.Quote(profile) + " in " + contact.PathText(c.path)
}

func (c *Config) defaultValue(profile, key string) string {
	switch key {
	case "database":
		data := xdgDir(c.env, "XDG_DATA_HOME")
		if data == "" {
			h := home(c.env)
			if h == "" {
				return "" // nowhere: resolve says what to set
			}
			data = filepath.Join(h, ".local", "share")
		}
		return filepath.Join(data, "rolo", profile+".db")
	case "user":
		if u := c.env("USER"); u != "" {
			return u
		}
		if u, err := currentUser(); err == nil && u.Username != "" {
			return u.Username
		}
		// No login to invent: a made-up one would be the owner of a new
		// database, or a stranger to an existing one. resolve asks for one.
		return ""
	case "region":
		return "US"
	case "visibility":
		return contact.Private
	case "date_format":
		return "relative"
	}
	return ""
}

// set validates and assigns one key. env gives $HOME for a database path
// under ~; with no env, as for ValidateKey, such a path is checked, not
// expanded.
func (p *Profile) set(key, val string, env Env) error {
	val = strings.TrimSpace(val)
	switch key {
	case "database":
		if val == "" {
			return contact.Errorf(contact.EINVALID, "config: database: empty path")
		}
		if rest, tilde := homePrefix(val); strings.HasSuffix(val, "/") || (tilde && rest == "") || slices.Contains([]string{".", ".."}, filepath.Base(val)) {
			// A directory, there or not: the file would be made inside
			// it, and newdir/ left behind, empty, when it could not.
			return contact.Errorf(contact.EINVALID, "config: database: %q names a directory; give the database file's path (example: %s)", val, filepath.Join(val, "contacts.db"))
		}
		if rest, ok := homePrefix(val); ok && env != nil {
			// home, not os.UserHomeDir: without $HOME (cron, env -i) that
			// fails, and ~/x.db would become ./~/x.db wherever rolo runs.
			h := home(env)
			if h == "" {
				return contact.Errorf(contact.EINVALID, "config: database: %q: no home directory to expand ~ to (set HOME)", val)
			}
			val = filepath.Join(h, rest)
		}
		p.Database = val
	case "user":
		if val == "" {
			return contact.Errorf(contact.EINVALID, "config: user: empty login")
		}
		login, err := contact.Login(val)
		if err != nil {
			return contact.Errorf(contact.EINVALID, "config: %s", contact.ErrorMessage(err))
		}
		p.User = login
	case "region":
		if !contact.ValidRegion(val) {
			if code, err := contact.NormalizeCountry(val); err == nil && len(val) == 2 && code == strings.ToUpper(val) {
				// An ISO 3166 code all the same (AQ, BV): the region is
				// what numbers written without +country are read by.
				return contact.Errorf(contact.EINVALID, "config: region: %q has no phone numbering plan of its own; give the region whose phone numbers you write without +country (example: US, GB, DE)", val)
			}
			return contact.Errorf(contact.EINVALID, "config: region: %s is not an ISO 3166 region code (example: US, GB, DE)", contact.Quote(val))
		}
		p.Region = strings.ToUpper(val)
	case "visibility":
		v := strings.ToLower(val)
		if v != contact.Private && v != contact.Public {
			return contact.Errorf(contact.EINVALID, "config: visibility: %q must be private or public", val)
		}
		p.Visibility = v
	case "columns":
		p.Columns = nil
		for _, c := range strings.Split(val, ",") {
			if c = contact.ColumnName(c); c != "" {
				// An attr.KEY column of a key no attribute can have
				// (attr.größe), which an older rolo's config set
				// stored, is read as it is: refused by config set
				// (ValidateKey) and by list, which prints the
				// profile's columns, but no other command.
				if _, attr := strings.CutPrefix(c, "attr."); !attr || c == "attr." {
					if err := contact.CheckColumn("config: columns", c); err != nil {
						return err
					}
				}
				p.Columns = append(p.Columns, c)
			}
		}
	case "date_format":
		switch l := strings.ToLower(strings.TrimSpace(val)); l {
		case "":
			val = "relative"
		case "relative", "iso", "rfc3339":
			// In any case: RFC3339, as Go names it, is no layout to
			// write times with (it would print RFC1010109).
			val = l
		default:
			// A tab or line break in the layout would reach every table
			// cell it writes, where no value of a contact may put one.
			if strings.ContainsFunc(val, unicode.IsControl) {
				return contact.Errorf(contact.EINVALID, "config: date_format: %q contains a control character", val)
			}
			// A Go time layout: one that writes a time as itself has no
			// layout element in it, and would print every time as that text.
			if ref := time.Date(2001, 2, 3, 16, 5, 6, 0, time.UTC); ref.Format(val) == val {
				return contact.Errorf(contact.EINVALID, "config: date_format: %q is none of relative, iso, rfc3339, nor a Go time layout (example: \"2006-01-02 15:04\")", val)
			}
		}
		p.DateFormat = val
	default:
		return contact.Errorf(contact.EINVALID, "config: unknown key %s (keys: %s)", contact.Quote(key), strings.Join(Keys, ", "))
	}
	return nil
}

// homePrefix reports whether a path starts with the home directory, as ~,
// $HOME or ${HOME} alone or followed by /, and returns the rest.
func homePrefix(path string) (string, bool) {
	for _, h := range []string{"~", "$HOME", "${HOME}"} {
		if rest, ok := strings.CutPrefix(path, h); ok && (rest == "" || rest[0] == '/') {
			return rest, true
		}
	}
	return "", false
}

// checkProfileDatabase refuses a relative database path in a profile: a
// profile is used from any directory, and a path relative to wherever rolo
// runs would give each directory a database of its own. (--db and ROLO_DB
// name a file for one command or shell, relative to where they are given.)
func checkProfileDatabase(val string) error {
	val = strings.TrimSpace(val)
	if _, ok := homePrefix(val); ok || filepath.IsAbs(val) {
		return nil
	}
	return contact.Errorf(contact.EINVALID, "config: database: %q is a relative path; a profile is used from any directory, so give an absolute path or one under ~ (example: ~/contacts.db)", val)
}

// notDirectory refuses a database path naming a directory there is
// (config set database ~/contacts), which every command would refuse.
func (c *Config) notDirectory(database string) error {
	p := &Profile{}
	if p.set("database", database, c.env) != nil {
		return nil // refused as it is (ValidateKey)
	}
	if fi, err := os.Stat(p.Database); err == nil && fi.IsDir() {
		return contact.Errorf(contact.EINVALID, "config: database: %s is a directory; give the database file's path (example: %s)", contact.PathText(p.Database), filepath.Join(database, "contacts.db"))
	}
	return nil
}

// ValidateKey checks a key and value as `config set` would store them.
func ValidateKey(key, val string) error {
	p := &Profile{}
	if err := p.set(key, val, nil); err != nil {
		return err
	}
	if key == "columns" {
		for _, c := range p.Columns {
			if err := contact.CheckColumn("config: columns", c); err != nil {
				return err
			}
		}
	}
	if key == "database" {
		return checkProfileDatabase(val)
	}
	return nil
}

// Set stores key=value in a profile and saves the file. The default
// profile is created first where the file does not have it yet, as Init
// would.
func (c *Config) Set(profile, key, val string) error {
	if err := ValidateKey(key, val); err != nil {
		return err
	}
	if key == "database" {
		if err := c.notDirectory(val); err != nil {
			return err
		}
	}
	if err := c.checkProfileName(profile, ""); err != nil {
		return err
	}
	profile = ProfileName(profile)
	if key == "user" {
		val = contact.FoldLogin(val)
	}
	return c.update(func() error {
		if profile == DefaultProfile && !c.HasProfileInFile(profile) {
			c.addProfile(profile, nil)
		}
		if !c.HasProfile(profile) {
			return contact.Errorf(contact.ENOTFOUND, "config: no profile %s (%s)", contact.Quote(profile), c.createIt(profile))
		}
		if err := c.profiles[profile]; err != nil {
			return err
		}
		if key == "columns" {
			var cols []string
			for _, col := range strings.Split(val, ",") {
				if col = strings.TrimSpace(col); col != "" {
					cols = append(cols, col)
				}
			}
			c.v.Set("profiles."+profile+"."+key, cols)
		} else {
			c.v.Set("profiles."+profile+"."+key, val)
		}
		return nil
	})
}

// Init creates a profile with the given values and saves the file. A
// database or user not given is not written, and keeps its default. The
// name is read in lower case.
func (c *Config) Init(profile string, values map[string]string) error {
	if err := c.checkProfileName(profile, ""); err != nil {
		return err
	}
	profile = ProfileName(profile)
	for _, key := range Keys {
		// A key given empty is checked too: config init --database ""
		// is refused as config set database "" is.
		if v, given := values[key]; given {
			if err := ValidateKey(key, v); err != nil {
				return err
			}
		}
	}
	if v := values["database"]; v != "" {
		if err := c.notDirectory(v); err != nil {
			return err
		}
	}
	return c.update(func() error {
		if c.HasProfileInFile(profile) {
			return contact.Errorf(contact.ECONFLICT, "config: profile %q already exists in %s (change it with rolo config set)", profile, contact.PathText(c.path))
		}
		c.addProfile(profile, values)
		return nil
	})
}

// addProfile adds a profile with the given values (see Init), which are
// valid, to the settings.
func (c *Config) addProfile(profile string, values map[string]string) {
	p := map[string]any{}
	for _, key := range Keys {
		v := values[key]
		if key == "user" {
			v = contact.FoldLogin(v)
		}
		if v == "" && (key == "database" || key == "user") {
			// Not written: they keep following $XDG_DATA_HOME and $USER,
			// rather than being frozen as they are today.
			continue
		}
		if v == "" {
			// The fixed defaults are, so that the profile shows what it
			// holds.
			v = c.defaultValue(profile, key)
		}
		if key == "columns" && v == "" {
			continue
		}
		p[key] = v
	}
	c.v.Set("profiles."+profile, p)
	c.profiles[profile] = nil
	if !c.v.IsSet("profile") {
		// Creating a profile does not switch to it: `rolo config use` does.
		c.v.Set("profile", DefaultProfile)
	}
}

// Use makes profile the current one.
func (c *Config) Use(profile string) error {
	if err := c.checkProfileName(profile, ""); err != nil {
		return err
	}
	profile = ProfileName(profile)
	return c.update(func() error {
		if !c.HasProfile(profile) {
			return contact.Errorf(contact.ENOTFOUND, "config: no profile %s (profiles: %s)", contact.Quote(profile), c.profileList())
		}
		if err := c.profiles[profile]; err != nil {
			return err
		}
		c.v.Set("profile", profile)
		return nil
	})
}

// update makes a change to the config file: under an exclusive lock on
// it, it reads the file again and makes the change to what it reads, then
// saves it. Two rolo processes changing the file at once (config set in
// two shells, a script's config set in the background) each make their
// change to the other's, rather than write back the file as it was when
// they started, without the other's change.
func (c *Config) update(change func() error) error {
	if c.path == "" {
		return noHome(c.env, "config file", "XDG_CONFIG_HOME", "")
	}
	unlock, err := c.lock()
	if err != nil {
		return err
	}
	defer unlock()
	if err := c.read(); err != nil {
		return err
	}
	if err := change(); err != nil {
		return err
	}
	return c.save()
}

// lock takes an exclusive lock on the config file, waiting for another
// process's, on a lock file beside it (.config.yaml.lock) that unlock
// removes. The file the link points to is locked, where the config file
// is a link (dotfiles), as that is the one changed.
func (c *Config) lock() (unlock func(), err error) {
	target := atomicfile.LinkTarget(c.path)
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		dir := filepath.Dir(target)
		var pe *fs.PathError
		if errors.As(err, &pe) {
			dir = pe.Path // the one that could not be made
		}
		return nil, contact.Errorf(atomicfile.WriteCode(err), "config: cannot create the directory %s (for %s): %v", contact.PathText(dir), contact.PathText(c.path), atomicfile.UnwrapPath(err))
	}
	name := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".lock")
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
		if _, lerr := os.Lstat(name); err != nil && errors.Is(lerr, fs.ErrNotExist) {
			// No lock file to blame: rolo may not create files in the
			// directory (its mode, a read-only file system), where the
			// new config file is written too. Said as an export's
			// file is, not as a lock file to remove that is not there.
			return nil, contact.Errorf(atomicfile.WriteCode(err), "config: %s: cannot write here: %v; nothing was written", contact.PathText(c.path), atomicfile.UnwrapPath(err))
		}
		if err != nil {
			// Most likely one left by another user's rolo, not the
			// config file, which may well be writable.
			return nil, contact.Errorf(atomicfile.WriteCode(err), "config: cannot open the lock file %s: %v; if no rolo is running, it may be removed", contact.PathText(name), atomicfile.UnwrapPath(err))
		}
		if err := lockConfig(f); noLocks(err) {
			// A file system without locks (some NFS mounts): the
			// change is made unlocked, as before there was a lock.
			f.Close()
			os.Remove(name)
			return func() {}, nil
		} else if err != nil {
			f.Close()
			return nil, contact.Errorf(contact.EINTERNAL, "config: cannot lock %s: %v", contact.PathText(name), err)
		}
		// The process that held the lock removed the file it locked
		// when done: a lock on it, or on a file that replaced it, locks
		// nothing. Lock the file there is now.
		held, err1 := f.Stat()
		there, err2 := os.Stat(name)
		if err1 == nil && err2 == nil && os.SameFile(held, there) {
			return func() {
				os.Remove(name)
				f.Close()
			}, nil
		}
		f.Close()
	}
}

// lockConfig is lockFile, replaced in tests.
var lockConfig = lockFile

// save writes the config atomically with mode 0600.
func (c *Config) save() error {
	for _, name := range c.Profiles() {
		if !profileNameRE().MatchString(name) {
			// Written out, a.b would become a: {b: ...}.
			return contact.Errorf(contact.EINVALID, "%s; rename it in the file before changing the file with rolo config", contact.ErrorMessage(c.profiles[name]))
		}
	}
	settings := c.v.AllSettings()
	if len(c.profiles) > 0 {
		// viper leaves out a mapping with no keys: a profile with no
		// settings is kept, as {}.
		ps, _ := settings["profiles"].(map[string]any)
		if ps == nil {
			ps = map[string]any{}
			settings["profiles"] = ps
		}
		for name := range c.profiles {
			if _, ok := ps[name]; !ok {
				ps[name] = map[string]any{}
			}
		}
	}
	data, err := yaml.Marshal(settings)
	if err != nil {
		return contact.Errorf(contact.EINTERNAL, "config: %v", err)
	}
	// As an export's file: written whole or not at all, through a link
	// (dotfiles) to the file it names, a new one 0600, a read-only one
	// refused rather than replaced.
	f, err := atomicfile.Create(c.path, "")
	if err != nil {
		return configError(err)
	}
	defer f.Abort()
	f.Holds("the new configuration")
	if _, err := f.Write(data); err != nil {
		// The temporary file's name means nothing to the user.
		return contact.Errorf(contact.EINTERNAL, "config: cannot write %s: %v", contact.PathText(c.path), atomicfile.UnwrapPath(err))
	}
	return configError(f.Commit())
}

// configError is an error of writing the config file said as the config's
// ("config: FILE: cannot write here: ..."), as its other errors are,
// rather than with the bare path an export's file has; its code is kept.
func configError(err error) error {
	if err == nil || strings.HasPrefix(contact.ErrorMessage(err), "config: ") {
		return err
	}
	return &contact.Error{Code: contact.ErrorCode(err), Message: "config: " + contact.ErrorMessage(err), Err: err}
}
