package lazyre_test

import (
	"testing"

	"github.com/rolo-cli/rolo/internal/lazyre"
)

func TestNew(t *testing.T) {
	re := lazyre.New(`^a+$`)
	if re() != re() {
		t.Error("New compiled the pattern twice")
	}
	if !re().MatchString("aaa") || re().MatchString("ab") {
		t.Error("the compiled pattern does not match as written")
	}
	bad := lazyre.New(`(`)
	defer func() {
		if recover() == nil {
			t.Error("an invalid pattern did not panic on first use")
		}
	}()
	bad()
}
