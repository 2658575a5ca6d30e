"""The suite's HTTP client for a target appliance.

Every request goes through ``Client.send``: it enforces the rate limit and the run's time
bound, counts the request, registers each secret it carries with the run's ``Redactor``
(so that no report can show it) and returns an ``Exchange`` whose recorded copies are
already masked.
"""

from __future__ import annotations

import base64
import json as jsonlib
import ssl
import threading
import time
import unittest
from collections.abc import Mapping
from dataclasses import replace
from enum import Enum
from typing import Any, Final, Protocol
from urllib.parse import quote

import httpx

from vcsa_conformance.contract import spec
from vcsa_conformance.contract.api import (
    BACKUP_PATH,
    JOB_DETAILS_PATH,
    JOB_PATH,
    PARTS_PATH,
    RUN_ACTION,
    SCHEDULES_PATH,
    SESSION_HEADER,
    SESSION_PATH,
    VALIDATE_ACTION,
)
from vcsa_conformance.redact import Redactor, secrets_in
from vcsa_conformance.results import RecordedRequest, RecordedResponse
from vcsa_conformance.suite.http.exchange import Exchange


class Observer(Protocol):
    """Whoever counts the exchanges of a run (the judge's Recorder)."""

    def saw(self, exchange: Exchange) -> None:
        """One request sent and its answer received."""


class TimeLimitReached(unittest.SkipTest):
    """Raised instead of sending once the run's time limit has passed: the test that wanted
    the request is skipped (pytest and hypothesis both treat a SkipTest as a skip)."""


class NoAnswer(unittest.SkipTest):
    """Raised when a request got no answer (it timed out, or no connection could be made),
    and instead of sending once the target has stopped answering: the test that wanted it is
    skipped, and ``Liveness`` decides when the run as a whole stops."""


class Liveness:
    """Whether the target still answers, shared by every client of one run.

    After ``limit`` requests in a row got no answer, the target has stopped answering:
    ``stopped`` says so in one line (since which request, and why), and no client sends
    again, so that a dead appliance ends the run in a few request timeouts instead of the
    run's time limit."""

    def __init__(self, limit: int = 3) -> None:
        self.limit = limit
        self.stopped: str | None = None
        self._in_a_row = 0
        self._since = ""
        self._lock = threading.Lock()

    def answered(self) -> None:
        """A request got an answer (any status): the count starts again."""
        with self._lock:
            self._in_a_row = 0

    def stop(self, reason: str) -> None:
        """The run cannot go on with this target (its login got no answer): say why."""
        with self._lock:
            self.stopped = self.stopped or reason

    def unanswered(self, request: str, error: Exception) -> str:
        """A request got no answer; the line to skip its test with."""
        why = _why(error)
        with self._lock:
            if self._in_a_row == 0:
                at = time.strftime("%H:%M:%S", time.gmtime())
                self._since = f"{request} at {at} UTC"
            self._in_a_row += 1
            if self._in_a_row >= self.limit and self.stopped is None:
                self.stopped = (
                    f"the appliance stopped answering: {self._in_a_row} requests in a row got "
                    f"no answer, since {self._since} ({why})"
                )
            return self.stopped or f"{request} got no answer ({why})"


def _why(error: Exception) -> str:
    if isinstance(error, httpx.TimeoutException):
        return f"{type(error).__name__}: no answer within --request-timeout"
    return f"{type(error).__name__}: {error}"[:200]


# One-member Enums, as the typing docs advise for sentinels: a parameter typed
# ``str | _Default | None`` narrows to ``str | None`` once ``is DEFAULT`` is ruled out.
class _Default(Enum):
    DEFAULT = "default"


class _Unset(Enum):
    UNSET = "unset"


DEFAULT: Final = _Default.DEFAULT  # use the client's own session token (None sends none)
UNSET: Final = _Unset.UNSET  # no JSON body (None is a JSON null)


def ssl_context(verify: bool | str) -> ssl.SSLContext | bool:
    """httpx's verify argument: a context trusting the CA bundle, or the flag as given."""
    if isinstance(verify, str):
        return ssl.create_default_context(cafile=verify)
    return verify


class Client:
    """An httpx client bound to one target, one recorder and one redactor."""

    def __init__(
        self,
        base_url: str,
        verify: bool | str,
        *,
        recorder: Observer,
        redactor: Redactor,
        timeout: float = 30.0,
        rate_limit: float | None = None,
        deadline: float | None = None,
        liveness: Liveness | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url,
            verify=ssl_context(verify),
            timeout=timeout,
            trust_env=False,
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
        )
        self._recorder = recorder
        self.redactor = redactor
        self._interval = 1.0 / rate_limit if rate_limit else 0.0
        self._next_slot = 0.0
        self._slot_lock = threading.Lock()
        self._deadline = deadline
        self.liveness = liveness or Liveness()
        self.token: str | None = None

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def lift_deadline(self) -> None:
        """Let the run's cleanup send its requests after the run's time limit."""
        self._deadline = None

    def login(self, user: str, password: str) -> Exchange:
        """POST /api/session with HTTP Basic; on 201 the token becomes this client's own."""
        self.redactor.add(password)
        exchange = self.send(
            "POST",
            SESSION_PATH,
            token=None,
            auth=(user, password),
            secrets=(password,),
            answer_is_secret=True,
        )
        if exchange.status == 201 and isinstance(exchange.json, str):
            self.token = exchange.json
        return exchange

    def logout(self, token: str | _Default | None = DEFAULT) -> Exchange:
        """DELETE /api/session for the given (default: own) token."""
        exchange = self.send("DELETE", SESSION_PATH, token=token)
        if token is DEFAULT and exchange.status == 204:
            self.token = None
        return exchange

    def send(
        self,
        method: str,
        path: str,
        *,
        token: str | _Default | None = DEFAULT,
        json: object = UNSET,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        secrets: tuple[str, ...] = (),
        answer_is_secret: bool = False,
    ) -> Exchange:
        """Send one request (JSON body or raw bytes) and record it; see the module docstring.

        ``answer_is_secret``: a JSON string answer is a secret (the token of a login) and is
        masked from the record of this very answer on.
        """
        self._wait_for_slot()
        all_headers = dict(headers or {})
        used_token = self.token if token is DEFAULT else token
        if used_token is not None:
            all_headers[SESSION_HEADER] = used_token
            self.redactor.add(used_token)
        if json is not UNSET:
            content = jsonlib.dumps(json).encode("utf-8")
            all_headers.setdefault("Content-Type", "application/json")
        carried = (*secrets, *secrets_in(json), *([used_token] if used_token else []))
        for secret in carried:
            self.redactor.add(secret)
        request = self._http.build_request(
            method, path, content=content, headers=all_headers, params=params
        )
        if auth is not None:
            request.headers["Authorization"] = _basic(*auth)
        sent_at = time.monotonic()
        response = self._answer(request)
        received_at = time.monotonic()
        if answer_is_secret:
            self._register_answer(response)
        exchange = self._exchange(request, response, tuple(s for s in carried if s), params)
        exchange = replace(exchange, sent_at=sent_at, received_at=received_at)
        self._recorder.saw(exchange)
        return exchange

    def _answer(self, request: httpx.Request) -> httpx.Response:
        """Send; NoAnswer (a skip) when no answer came, or the target stopped answering."""
        if self.liveness.stopped is not None:
            raise NoAnswer(self.liveness.stopped)
        try:
            response = self._http.send(request)
        except (httpx.TimeoutException, httpx.ConnectError) as error:
            # No answer at all. (A connection the appliance breaks mid-answer is not this:
            # it fails the test that sent the request, as any broken answer does.)
            what = f"{request.method} {request.url.path}"
            raise NoAnswer(self.liveness.unanswered(what, error)) from None
        self.liveness.answered()
        return response

    def _exchange(
        self,
        request: httpx.Request,
        response: httpx.Response,
        secrets: tuple[str, ...],
        params: Mapping[str, str] | None,
    ) -> Exchange:
        operation = spec.find(request.method, request.url.path, (params or {}).get("action"))
        redact = self.redactor
        return Exchange(
            operation=operation.key if operation else None,
            request=RecordedRequest(
                method=request.method,
                url=redact.text(str(request.url)),
                headers=redact.headers(dict(request.headers)),
                body=redact.body(request.content) if request.content else None,
            ),
            response=RecordedResponse(
                status=response.status_code,
                headers=redact.headers(dict(response.headers)),
                body=redact.body(response.content) if response.content else None,
            ),
            status=response.status_code,
            headers={name.lower(): value for name, value in response.headers.items()},
            content=response.content,
            secrets=secrets,
            raw=response,
        )

    def _register_answer(self, response: httpx.Response) -> None:
        try:
            answer = response.json()
        except ValueError:
            return
        if isinstance(answer, str):
            self.redactor.add(answer)

    def _wait_for_slot(self) -> None:
        now = time.monotonic()
        if self._deadline is not None and now > self._deadline:
            raise TimeLimitReached(
                "the run's time limit was reached (--time-limit); raise it to check more"
            )
        if not self._interval:
            return
        with self._slot_lock:
            slot = max(now, self._next_slot)
            self._next_slot = slot + self._interval
        if slot > now:
            time.sleep(slot - now)

    # Convenience wrappers for the contract's operations.

    def create_job(self, body: object = UNSET, **kwargs: Any) -> Exchange:
        """POST .../backup/job (create)."""
        return self.send("POST", JOB_PATH, json=body, **kwargs)

    def get_job(self, job_id: str, **kwargs: Any) -> Exchange:
        """GET .../backup/job/{id}."""
        return self.send("GET", f"{JOB_PATH}/{segment(job_id)}", **kwargs)

    def list_jobs(self, **kwargs: Any) -> Exchange:
        """GET .../backup/job."""
        return self.send("GET", JOB_PATH, **kwargs)

    def cancel_job(self, job_id: str, **kwargs: Any) -> Exchange:
        """POST .../backup/job/{id}?action=cancel."""
        return self.send(
            "POST", f"{JOB_PATH}/{segment(job_id)}", params={"action": "cancel"}, **kwargs
        )

    def list_parts(self, **kwargs: Any) -> Exchange:
        """GET .../backup/parts."""
        return self.send("GET", PARTS_PATH, **kwargs)

    def part_size(self, part_id: str, **kwargs: Any) -> Exchange:
        """GET .../backup/parts/{id}."""
        return self.send("GET", f"{PARTS_PATH}/{segment(part_id)}", **kwargs)

    def validate_backup(self, body: object = UNSET, **kwargs: Any) -> Exchange:
        """POST .../backup?action=validate (starts nothing, on a conformant appliance)."""
        return self.send(
            "POST", BACKUP_PATH, json=body, params={"action": VALIDATE_ACTION}, **kwargs
        )

    def job_details(self, jobs: list[str] | None = None, **kwargs: Any) -> Exchange:
        """GET .../backup/job/details, filtered by ``jobs`` (each its own ``jobs`` item)."""
        query = "&".join(f"jobs={segment(job)}" for job in jobs or ())
        return self.send("GET", JOB_DETAILS_PATH + (f"?{query}" if query else ""), **kwargs)

    def run_schedule(self, schedule_id: str, body: object = UNSET, **kwargs: Any) -> Exchange:
        """POST .../schedules/{schedule}?action=run: it starts a backup, so only the
        BackupController sends it (within the budget). The other schedule operations are
        the ScheduleKeeper's (http/schedules.py), which writes only the run's own."""
        path, params = f"{SCHEDULES_PATH}/{segment(schedule_id)}", {"action": RUN_ACTION}
        return self.send("POST", path, json=body, params=params, **kwargs)


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def segment(value: str) -> str:
    """A path segment with everything but unreserved characters percent-encoded."""
    return quote(value, safe="-._~")
