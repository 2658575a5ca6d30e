"""The conformance suite: pytest modules and checks that run against any target over HTTP."""
