"""Where the program runs: paths, logs, one instance per data directory."""
