package contact

import (
	"sort"
	"strings"
)

//go:generate go run gen_zones.go

// CanonicalTimezone returns name as IANA spells the time zone it names, in
// any case ("utc" is UTC, "europe/paris" Europe/Paris), and whether it
// names one: the timezone field holds these names, and a query's timezone:
// takes them as the field does. A UTC offset (-05:00), Local and the files
// of a system's zone database that are not zones (posixrules, localtime)
// name none. The names are those of the zone database rolo carries
// (time/tzdata; zoneNames), not the host's.
func CanonicalTimezone(name string) (string, bool) {
	if i := sort.SearchStrings(zoneNames[:], name); i < len(zoneNames) && zoneNames[i] == name {
		return name, true
	}
	for _, z := range zoneNames {
		if strings.EqualFold(z, name) {
			return z, true
		}
	}
	return "", false
}

// IsTimezone reports whether name is an IANA time zone (Europe/Paris, UTC)
// as IANA spells it, the values the timezone field holds; a UTC offset such
// as -05:00 is not one.
func IsTimezone(name string) bool {
	z, ok := CanonicalTimezone(name)
	return ok && z == name
}
