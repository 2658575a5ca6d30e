"""``run --har FILE``: every exchange of a run as an HTTP Archive (HAR 1.2).

A HAR file opens in browser developer tools, Charles, Fiddler or any HAR viewer, so a user
can read what the suite sent and what the appliance answered without our tools. It holds
the exchanges as the suite recorded them (secrets masked when recorded), and ``write_all``
gives it the same final mask pass as the reports: no password or session id reaches it.

HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): one page for the run; for each
exchange the request and response with headers and bodies, ``time`` in milliseconds, and
``timings`` with the whole wait as ``wait`` (the client measures no finer phases).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from vcsa_conformance import __version__
from vcsa_conformance.results import ExchangeRecord, RecordedRequest, RecordedResponse, RunResult

PAGE = "run"


def render(result: RunResult) -> str:
    """The HAR text of the run's recorded exchanges (indented JSON)."""
    return json.dumps(to_dict(result), indent=1, ensure_ascii=False) + "\n"


def write(result: RunResult, path: Path) -> Path:
    """Write the HAR file to ``path`` (its directory is created) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(result), encoding="utf-8")
    return path


def to_dict(result: RunResult) -> dict[str, Any]:
    """The archive as plain data: ``{"log": {...}}``."""
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "vcsa-conformance", "version": __version__},
            "pages": [
                {
                    "startedDateTime": result.started,
                    "id": PAGE,
                    "title": f"vcsa-conformance {result.profile} run against {result.target}",
                    "pageTimings": {},
                }
            ],
            "entries": [_entry(exchange) for exchange in result.exchanges],
        }
    }


def _entry(exchange: ExchangeRecord) -> dict[str, Any]:
    return {
        "pageref": PAGE,
        "startedDateTime": exchange.started,
        "time": round(exchange.duration_ms, 3),
        "request": _request(exchange.request, exchange.http_version),
        "response": _response(exchange.response, exchange.http_version),
        "cache": {},
        "timings": {"send": 0, "wait": round(exchange.duration_ms, 3), "receive": 0},
    }


def _request(request: RecordedRequest, http_version: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "method": request.method,
        "url": request.url,
        "httpVersion": http_version,
        "cookies": [],
        "headers": _pairs(request.headers.items()),
        "queryString": _pairs(parse_qsl(urlsplit(request.url).query, keep_blank_values=True)),
        "headersSize": -1,
        "bodySize": _size(request.body),
    }
    if request.body is not None:
        entry["postData"] = {"mimeType": _media_type(request.headers), "text": request.body}
    return entry


def _response(response: RecordedResponse, http_version: str) -> dict[str, Any]:
    return {
        "status": response.status,
        "statusText": _reason(response.status),
        "httpVersion": http_version,
        "cookies": [],
        "headers": _pairs(response.headers.items()),
        "content": {
            "size": _size(response.body),
            "mimeType": _media_type(response.headers),
            "text": response.body or "",
        },
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": _size(response.body),
    }


def _pairs(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """Headers or query parameters as HAR has them: ``{"name": ..., "value": ...}`` each."""
    return [{"name": name, "value": value} for name, value in pairs]


def _media_type(headers: dict[str, str]) -> str:
    return {name.lower(): value for name, value in headers.items()}.get("content-type", "")


def _size(body: str | None) -> int:
    """Bytes of the body as recorded (masked values are shorter or longer than the real)."""
    return len(body.encode("utf-8")) if body else 0


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
