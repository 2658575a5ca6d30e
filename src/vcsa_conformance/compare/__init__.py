"""Comparing runs: two runs requirement by requirement (``diff``), a run against the user's
known deviations (``baseline``), many appliances side by side (``fleet``).

Reads ``conformance.json`` reports (``reports.json_report.read``) and RunResults only: it
never runs the suite. May import: contract, results, reports.
"""
