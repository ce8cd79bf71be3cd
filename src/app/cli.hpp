// The `guichet` command line: parses arguments, loads configuration, runs one command.
// Returns the process exit code: 0 success, 1 failure (message on stderr), 2 usage error.
#pragma once

namespace guichet::app {

int RunCli(int argc, char** argv);

}  // namespace guichet::app
