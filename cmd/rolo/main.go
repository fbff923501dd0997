// Command rolo is a command-line contact manager for teams.
package main

import (
	"os"

	"github.com/rolo-cli/rolo/internal/cli"
)

func main() { os.Exit(cli.Main()) }
