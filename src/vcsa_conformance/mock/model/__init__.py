"""The appliance model every wire protocol serves, so it knows none: no Starlette, uvicorn,
httpx or ``mock.protocols`` here (tests/unit/test_architecture.py)."""
