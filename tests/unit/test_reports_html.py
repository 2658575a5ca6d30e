"""conformance.html: one offline page, verdict first, failures expandable, all escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from vcsa_conformance.reports import html, json_report

DATA = Path(__file__).parent / "data"


def _render(name: str) -> str:
    return html.render(json_report.load(DATA / f"run_{name}.json"))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def test_page_is_self_contained() -> None:
    page = _render("fail")
    for tag, attrs in _tags(page):
        assert tag not in ("link", "img", "iframe", "object"), tag
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    assert "@import" not in page and "url(" not in page


def test_verdict_banner_is_first_and_coloured_by_verdict() -> None:
    for name, verdict in (("pass", "conformant"), ("fail", "non-conformant"), ("error", "error")):
        tags = _tags(_render(name))
        body = [t for t in tags if t[0] not in ("html", "head", "meta", "title", "style")]
        assert body[1] == ("header", {"class": f"banner verdict-{verdict}"})


def test_each_failure_is_a_details_with_curl_and_response() -> None:
    page = _render("fail")
    ids = [attrs["id"] for tag, attrs in _tags(page) if tag == "details"]
    assert ids == [
        "fail-BKP-INPUT-011-1",
        "fail-BKP-INPUT-012-1",
        "fail-BKP-INPUT-004-1",
        "fail-BKP-INPUT-004-2",
        "fail-BKP-RESP-002-1",
    ]
    assert page.count("curl -i") == 5
    assert "HTTP 500" in page and "Reproduction" in page


def test_received_markup_is_escaped() -> None:
    page = _render("fail")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_requirements_grouped_by_area_with_status_classes() -> None:
    tags = _tags(_render("fail"))
    areas = [
        attrs["id"] for tag, attrs in tags if tag == "section" and attrs.get("class") == "area"
    ]
    assert areas[:3] == ["area-authentication", "area-create", "area-input-validation"]
    statuses = {attrs["id"]: attrs["class"] for tag, attrs in tags if tag == "article"}
    assert statuses["BKP-INPUT-004"] == "req fail"
    assert statuses["BKP-AUTH-006"] == "req skip"
    assert statuses["BKP-AUTH-001"] == "req pass"


def test_coverage_shows_seen_missing_and_undocumented_codes() -> None:
    page = _render("fail")
    section = page[page.index('id="coverage"') :]
    assert "1180 cases ran, 1262 requests were sent" in section
    assert '<span class="code hit">201 &times;212</span>' in section
    assert '<span class="code miss">403 &times;0</span>' in section
    assert re.search(r"<td class=\"num\">4 of 5</td>", section)


def test_error_page_shows_the_reason_and_no_requirement_sections() -> None:
    page = _render("error")
    assert "TargetUnreachable: cannot connect" in page
    assert 'class="requirements"' not in page


def test_links_point_at_existing_anchors() -> None:
    tags = _tags(_render("fail"))
    ids = {attrs["id"] for _, attrs in tags if attrs.get("id")}
    targets = {attrs["href"][1:] for tag, attrs in tags if tag == "a" and attrs.get("href")}
    assert targets and targets <= ids


def test_failure_hint_and_button_only_when_there_are_failures() -> None:
    assert 'id="expand-all"' in _render("fail")
    assert 'id="expand-all"' not in _render("pass")


def test_long_failure_lists_are_cut_with_a_note() -> None:
    from dataclasses import replace

    result = json_report.load(DATA / "run_fail.json")
    requirement = result.requirements[11]
    result.requirements[11] = replace(requirement, failures=requirement.failures[:1] * 12)
    page = html.render(result)
    assert page.count('id="fail-BKP-INPUT-004-') == 10
    assert "… and 2 more failures of BKP-INPUT-004; conformance.json lists all" in page
    assert len(json_report.to_dict(result)["requirements"][11]["failures"]) == 12
