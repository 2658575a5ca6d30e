"""Session tokens: entropy, idle expiry and the cap (mock/model/sessions.py)."""

from __future__ import annotations

import re

from vcsa_conformance.mock.model.config import User
from vcsa_conformance.mock.model.sessions import SessionStore

ADMIN = User("admin", "pw")


def test_tokens_are_32_hex_characters_and_unique() -> None:
    store = SessionStore(60, 100)
    tokens = {store.create(ADMIN, 0) for _ in range(50)}
    assert len(tokens) == 50
    assert all(re.fullmatch(r"[0-9a-f]{32}", token) for token in tokens)


def test_a_session_expires_after_its_idle_time_and_touching_renews_it() -> None:
    store = SessionStore(10, 100)
    token = store.create(ADMIN, 0)
    assert store.touch(token, 9) is not None
    assert store.touch(token, 18) is not None
    assert store.touch(token, 29) is None
    assert store.touch(token, 29.5) is None


def test_unknown_missing_and_deleted_tokens() -> None:
    store = SessionStore(10, 100)
    token = store.create(ADMIN, 0)
    assert store.touch(None, 0) is None
    assert store.touch("nope", 0) is None
    store.delete(token)
    assert store.touch(token, 0) is None


def test_sessions_are_capped_evicting_the_oldest() -> None:
    store = SessionStore(60, 3)
    tokens = [store.create(ADMIN, n) for n in range(5)]
    assert len(store) == 3
    assert store.touch(tokens[0], 5) is None
    assert store.touch(tokens[4], 5) is not None
