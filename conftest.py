"""Top-level pytest configuration: the conformance suite's plugin (targets, markers, results)."""

pytest_plugins = ["vcsa_conformance.suite.run.plugin"]
