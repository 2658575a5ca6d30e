"""The timeline of a run as a small inline SVG, for ``conformance.html``.

The run's time runs along the x axis. Each backup the run started is a bar from its create to
the first read that showed it ended (dashed to the end of the run when it was never seen
ended), coloured by why it exists (planned by a test, a late create that met the end of the
running backup, or unplanned), with the progress it read drawn inside it, a mark where the
run cancelled it and its last state at its end. Below: the run's waits and where each
requirement was first seen broken. Plain SVG: no script, no external font, so the page stays
one self-contained file; every label goes through ``html.escape`` and each shape carries a
``<title>`` (a tooltip) with its details.
"""

from __future__ import annotations

from html import escape

from vcsa_conformance.results import BackupSpan, Timeline

WIDTH = 960
_LEFT, _RIGHT, _ROW, _GAP = 170, 120, 22, 8  # the right margin holds a backup's last state
_SHOWN_UNPLANNED = 8  # unplanned backups drawn; more are counted in one line
COLOURS = {"planned": "#2b6cb0", "late": "#2c7a7b", "unplanned": "#c05621"}
_TICKS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200)


def svg(timeline: Timeline) -> str:
    """The timeline as one ``<svg>`` element."""
    scale = _Scale(timeline.duration_s)
    rows = [_legend()]
    y = 30
    shown, hidden = _shown(timeline.backups)
    for number, span in enumerate(shown, start=1):
        rows.append(_backup(span, number, y, scale))
        y += _ROW + _GAP
    if hidden:
        text = f"{hidden} more unplanned backups (cancelled at once) not drawn"
        rows.append(_label(y + 14, escape(text)))
        y += _ROW + _GAP
    rows.append(_waits(timeline, y, scale))
    y += _ROW + _GAP
    rows.append(_failures(timeline, y, scale))
    y += _ROW + _GAP
    rows.append(_axis(y, scale))
    height = y + 30
    title = (
        f"Timeline of the run: {len(timeline.backups)} backups, {len(timeline.waits)} waits, "
        f"{len(timeline.failures)} requirements seen broken, over {timeline.duration_s:.1f} s"
    )
    return "\n".join(
        [
            f'<svg class="timeline" role="img" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
            'font-family="system-ui, sans-serif" font-size="12">',
            f"<title>{escape(title)}</title>",
            *rows,
            "</svg>",
        ]
    )


class _Scale:
    """Seconds of the run to x coordinates."""

    def __init__(self, duration: float) -> None:
        self.duration = max(duration, 0.001)
        self.span = WIDTH - _LEFT - _RIGHT

    def x(self, seconds: float) -> float:
        return round(_LEFT + min(max(seconds, 0.0), self.duration) / self.duration * self.span, 1)


def _shown(backups: list[BackupSpan]) -> tuple[list[BackupSpan], int]:
    """Every planned and late backup, and the first unplanned ones; how many are left out."""
    unplanned = [span for span in backups if span.kind == "unplanned"]
    kept = set(map(id, unplanned[:_SHOWN_UNPLANNED]))
    shown = [span for span in backups if span.kind != "unplanned" or id(span) in kept]
    return shown, len(unplanned) - len(kept)


def _legend() -> str:
    items, x = [], _LEFT
    for kind, colour in COLOURS.items():
        items.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
        items.append(f'<text x="{x + 16}" y="14">{kind}</text>')
        x += 100
    items.append(f'<text x="{x}" y="14">✕ cancelled by the run · white line: progress</text>')
    return "\n".join(items)


def _label(y: float, text: str) -> str:
    return f'<text x="{_LEFT - 8}" y="{y}" text-anchor="end">{text}</text>'


def _backup(span: BackupSpan, number: int, y: float, scale: _Scale) -> str:
    start = scale.x(span.start_s)
    end = scale.x(span.end_s if span.end_s is not None else scale.duration)
    width = max(end - start, 2.0)
    colour = COLOURS[span.kind]
    last = span.progress[-1][1] if span.progress else None
    state = span.state + (f" {last}%" if last is not None else "")
    ended = "never seen ended" if span.end_s is None else f"ended at {span.end_s:.1f} s"
    tip = f"backup {span.id} ({span.kind}): created at {span.start_s:.1f} s, {ended}, {state}"
    if span.cancelled_s is not None:
        tip += f", cancelled at {span.cancelled_s:.1f} s"
    dashed = ' stroke="#1a202c" stroke-dasharray="4 3"' if span.end_s is None else ""
    parts = [
        "<g>",
        f"<title>{escape(tip)}</title>",
        _label(y + 15, escape(f"backup {number} ({span.kind})")),
        f'<rect x="{start}" y="{y}" width="{width:.1f}" height="{_ROW}" fill="{colour}"{dashed}/>',
    ]
    if len(span.progress) > 1:
        points = " ".join(
            f"{scale.x(t)},{y + _ROW - 2 - (min(max(p, 0), 100) / 100) * (_ROW - 4):.1f}"
            for t, p in span.progress
        )
        parts.append(f'<polyline points="{points}" fill="none" stroke="#fff" stroke-width="1.5"/>')
    if span.cancelled_s is not None:
        parts.append(
            f'<text x="{scale.x(span.cancelled_s)}" y="{y - 1}" text-anchor="middle">✕</text>'
        )
    parts.append(f'<text x="{start + width + 4:.1f}" y="{y + 15}">{escape(state)}</text>')
    parts.append("</g>")
    return "\n".join(parts)


def _waits(timeline: Timeline, y: float, scale: _Scale) -> str:
    parts = [_label(y + 15, "waits")]
    for wait in timeline.waits:
        start, end = scale.x(wait.start_s), scale.x(wait.end_s)
        job = f" {wait.job}" if wait.job else ""
        tip = f"{wait.what}{job}: {wait.start_s:.1f} to {wait.end_s:.1f} s, bounded by {wait.bound}"
        parts.append(
            f'<rect x="{start}" y="{y + 6}" width="{max(end - start, 2.0):.1f}" height="10" '
            f'fill="#a0aec0"><title>{escape(tip)}</title></rect>'
        )
    return "\n".join(parts)


def _failures(timeline: Timeline, y: float, scale: _Scale) -> str:
    parts = [_label(y + 15, "first seen broken")]
    for mark in timeline.failures:
        x = scale.x(mark.at_s)
        tip = f"{mark.requirement_id} first seen broken at {mark.at_s:.1f} s"
        parts.append(
            f'<line x1="{x}" y1="{y}" x2="{x}" y2="{y + _ROW}" stroke="#c53030" '
            f'stroke-width="3"><title>{escape(tip)}</title></line>'
        )
    return "\n".join(parts)


def _axis(y: float, scale: _Scale) -> str:
    step = next((t for t in _TICKS if scale.duration / t <= 10), _TICKS[-1])
    parts = [
        f'<line x1="{_LEFT}" y1="{y}" x2="{WIDTH - _RIGHT}" y2="{y}" stroke="#4a5568"/>',
        _label(y + 16, "seconds"),
    ]
    tick = 0.0
    while tick <= scale.duration + 1e-9:
        x = scale.x(tick)
        parts.append(f'<line x1="{x}" y1="{y}" x2="{x}" y2="{y + 5}" stroke="#4a5568"/>')
        parts.append(f'<text x="{x}" y="{y + 18}" text-anchor="middle">{tick:g}</text>')
        tick += step
    return "\n".join(parts)
