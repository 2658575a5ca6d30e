"""Top-level pytest configuration: the conformance suite's plugin (targets, markers, results)."""
