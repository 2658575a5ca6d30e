"""Judging answers: named checks, the expectations built from them, the recorder of results.

May import: contract, redact, results, suite.http (an Exchange is what is judged). Never
pytest, the mock, or the run, generate and conformance packages.
"""
