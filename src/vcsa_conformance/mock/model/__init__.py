"""The appliance model: sessions, jobs, parts, validation, errors, faults and variants.

Protocol-free on purpose, so that every wire protocol serves one truth: nothing here imports
Starlette, uvicorn, httpx or ``mock.protocols`` (tests/unit/test_architecture.py).
"""
