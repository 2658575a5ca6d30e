"""Running the suite: options, the target (live or the embedded mock), the checks before a
run, the pytest plugin (markers, plan, fixtures, outcomes), the runner that builds a RunResult.

May import: everything in the suite, contract, redact, results, pytest, and the mock (to start
the embedded target). Nothing of reports or the CLI.
"""
