// Command rolo is a command-line contact manager for teams.
package main

import (
	"os"

	"github.com/rolo-cli/rolo/internal/cli"
	_ "github.com/rolo-cli/rolo/internal/pagefault" // faster start-up on Linux
)

func main() { os.Exit(cli.Main()) }
