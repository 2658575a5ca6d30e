"""Answer time: the mock made as slow as a real appliance on a real network, or silent.

A real vCenter answers in tens of milliseconds, the embedded mock in one or two; a verdict
that holds only at one of those speeds is a flaky verdict. ``Latency`` delays every answer by
``seconds`` (± ``jitter``, uniformly): half before the request reaches the appliance model and
half before the answer goes out, so that a request racing the end of a backup is decided in the
middle of its round trip, as on a real appliance. The delay is an ``asyncio.sleep``: slow
answers overlap, as they do on a real server, instead of queueing behind each other.

``Hang`` stops answering after a number of requests (an appliance that hangs mid-run): each
later request is held open without an answer until the server stops, so that a client's
request timeout, not a closed connection, is what it meets.
"""

from __future__ import annotations

import asyncio
import random

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class Latency:
    """ASGI middleware that delays each HTTP answer by ``seconds`` ± ``jitter``."""

    def __init__(
        self, app: ASGIApp, seconds: float, jitter: float = 0.0, rng: random.Random | None = None
    ) -> None:
        self._app = app
        self._seconds = max(0.0, seconds)
        self._jitter = max(0.0, jitter)
        self._rng = rng or random.Random()

    def delay(self) -> float:
        """The answer time of one request, never below 0."""
        return max(0.0, self._seconds + self._rng.uniform(-self._jitter, self._jitter))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        half = self.delay() / 2
        await asyncio.sleep(half)

        async def delayed(event: Message) -> None:
            if event["type"] == "http.response.start":
                await asyncio.sleep(half)
            await send(event)

        await self._app(scope, receive, delayed)


class Hang:
    """ASGI middleware that answers the first ``after`` HTTP requests and no later one."""

    def __init__(self, app: ASGIApp, after: int) -> None:
        self._app = app
        self._after = after
        self._seen = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self._seen += 1
            if self._seen > self._after:
                await asyncio.Event().wait()  # never set: cancelled when the server stops
        await self._app(scope, receive, send)
