package config

import (
	"strings"
	"testing"

	cfg "github.com/rolo-cli/rolo/internal/config"
)

// The keys config's help describes are the keys a profile holds, each
// with its values and default.
func TestKeysHelpNamesEveryKey(t *testing.T) {
	var described []string
	for _, line := range strings.Split(keysHelp, "\n") {
		if strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") {
			described = append(described, strings.Fields(line)[0])
		}
	}
	if strings.Join(described, ",") != strings.Join(cfg.Keys, ",") {
		t.Errorf("config help describes keys %q, want %q", described, cfg.Keys)
	}
}
