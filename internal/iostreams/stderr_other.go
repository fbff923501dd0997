//go:build !unix

package iostreams

import (
	"io"
	"os"
)

// stderr: only Unix ends a process for a write to a broken pipe.
func stderr() io.Writer { return os.Stderr }
