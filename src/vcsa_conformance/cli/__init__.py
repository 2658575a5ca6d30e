"""The ``vcsa-conformance`` command line: one module per subcommand."""
