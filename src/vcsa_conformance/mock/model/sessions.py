"""Session tokens: unguessable, expiring after an idle time, capped in number.

Not thread-safe on its own: the Appliance holds one lock around every call.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass

from vcsa_conformance.mock.model.config import User


@dataclass
class Session:
    """One login; times are clock seconds."""

    user: User
    created: float
    last_accessed: float


class SessionStore:
    """Tokens to sessions; the oldest session is evicted beyond ``max_sessions``."""

    def __init__(self, idle_seconds: float, max_sessions: int) -> None:
        self._idle_seconds = idle_seconds
        self._max_sessions = max(1, max_sessions)
        self._sessions: OrderedDict[str, Session] = OrderedDict()

    def __len__(self) -> int:
        return len(self._sessions)

    def create(self, user: User, now: float) -> str:
        """A new token (128 random bits as 32 hex characters, like the appliance's)."""
        while len(self._sessions) >= self._max_sessions:
            self._sessions.popitem(last=False)
        token = secrets.token_hex(16)
        self._sessions[token] = Session(user, now, now)
        return token

    def touch(self, token: str | None, now: float) -> Session | None:
        """The live session of ``token`` (its idle clock restarted), or None."""
        if token is None:
            return None
        session = self._sessions.get(token)
        if session is None:
            return None
        if now - session.last_accessed > self._idle_seconds:
            del self._sessions[token]
            return None
        session.last_accessed = now
        return session

    def delete(self, token: str) -> None:
        """Forget ``token``; later calls with it are unauthenticated."""
        self._sessions.pop(token, None)
