"""Serving the mock with uvicorn: in a background thread (tests, the suite) or blocking (CLI).

We bind the socket ourselves so that port 0 gives a free port known before serving and a
port in use fails at once with OSError.
"""

from __future__ import annotations

import contextlib
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from starlette.applications import Starlette

from vcsa_conformance.errors import VcsaConformanceError
from vcsa_conformance.mock.app import create_app
from vcsa_conformance.mock.model.config import MockConfig
from vcsa_conformance.mock.tls import make_tls_files

_START_TIMEOUT_SECONDS = 15.0
_GRACE_SECONDS = 0.5


@dataclass(frozen=True)
class RunningMock:
    """A serving mock: its base URL, the CA file to verify it (None over plain HTTP)."""

    url: str
    ca_path: Path | None
    config: MockConfig
    app: Starlette | None = None


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: a free one); OSError if taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto IPPROTO_TCP (not 0): asyncio sets TCP_NODELAY on accepted connections only then,
    # and without it every answer (headers, then body) waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(1024)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


@contextmanager
def _prepared(
    config: MockConfig, host: str, port: int, tls: bool, access_log: Callable[[str], None] | None
) -> Iterator[tuple[uvicorn.Server, socket.socket, RunningMock]]:
    """A uvicorn server for a fresh mock, its bound socket and what it will serve; the
    socket is closed and the TLS files removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix="vcsa-mock-") as directory:
        sock = bind(host, port)
        try:
            app = create_app(config, access_log=access_log)
            files = make_tls_files(Path(directory), host) if tls else None
            server = uvicorn.Server(
                uvicorn.Config(
                    app,
                    log_level="warning",
                    access_log=False,
                    lifespan="off",
                    timeout_graceful_shutdown=2,
                    ssl_keyfile=files.key_path if files else None,
                    ssl_certfile=files.cert_path if files else None,
                )
            )
            shown = f"[{host}]" if ":" in host else host
            url = f"{'https' if tls else 'http'}://{shown}:{sock.getsockname()[1]}"
            yield server, sock, RunningMock(url, files.ca_path if files else None, config, app)
        finally:
            sock.close()


@contextmanager
def serve_in_thread(
    config: MockConfig, *, host: str = "127.0.0.1", port: int = 0, tls: bool = True
) -> Iterator[RunningMock]:
    """Serve a fresh mock in a daemon thread for the duration of the ``with`` block."""
    with _prepared(config, host, port, tls, None) as (server, sock, running):
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="vcsa-mock", daemon=True
        )
        thread.start()
        try:
            _wait_started(server, thread)
            yield running
        finally:
            server.should_exit = True
            thread.join(timeout=_GRACE_SECONDS)
            # An idle TLS keep-alive connection waits for the client's close_notify: don't.
            server.force_exit = True
            thread.join(timeout=10)


class ServerDidNotStart(VcsaConformanceError, RuntimeError):
    """Raised when the mock's server thread ended, or did not listen in time."""


def _wait_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise ServerDidNotStart("the mock server did not start")
        time.sleep(0.01)


def serve(
    config: MockConfig,
    *,
    host: str,
    port: int,
    tls: bool,
    on_ready: Callable[[RunningMock], None] | None = None,
    access_log: Callable[[str], None] | None = None,
) -> None:
    """Serve until Ctrl-C (or SIGTERM), then return normally; OSError if the port is taken."""
    with _prepared(config, host, port, tls, access_log) as (server, sock, running):
        if on_ready is not None:
            on_ready(running)
        # uvicorn re-raises the signal after its graceful shutdown: that is our clean exit.
        with contextlib.suppress(KeyboardInterrupt):
            server.run(sockets=[sock])
