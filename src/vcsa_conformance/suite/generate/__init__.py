"""Making requests: known-valid requests, hypothesis strategies, the nearest invalid
neighbours of each input rule.

May import: contract, hypothesis. Nothing that talks to a target or judges an answer.
"""
