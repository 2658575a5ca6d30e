"""Talking to a target: the HTTP client, what a check sees of an exchange, the backup budget.

May import: contract, redact, results, httpx, hypothesis. Never pytest (a test's skip is a
``unittest.SkipTest``), never the judge, run, generate or conformance packages: the judge
and the plan hand in what they know through small protocols.
"""
