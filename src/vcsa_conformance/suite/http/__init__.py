"""Talking to a target: the HTTP client, what a check sees of an exchange, the backup budget.

May import: contract, redact, results, httpx. Never pytest or hypothesis (a test's skip is a
``unittest.SkipTest``; how a test stops is the run layer's ``RunningTest``), never the judge,
run, generate or conformance packages: they hand in what they know through small protocols.
"""
