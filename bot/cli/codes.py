"""Exit codes of every command: 0 ok, 1 content problems, 2 usage or configuration errors."""

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
