"""Charts as SVG drawn on the server: no script, no CDN, readable by the same CSP as the inbox.

Each chart carries its title and the sentence that says what it shows (``<title>`` and
``<desc>``, named by ``aria-labelledby``), and the page puts the same figures in a table
next to it, so a screen reader gets every number. Colours have at least 3:1 contrast on
white (WCAG 1.4.11) and only SVG presentation attributes are used (no inline styles, which
the Content-Security-Policy forbids). A hidden figure ("< 5") draws no bar.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from bot.dashboard.suppress import Cell

COLOURS = ("#0b4f8a", "#a34700", "#3b6e22", "#6b2d87")
TEXT = "#1a1a1a"
GRID = "#767676"
Series = tuple[str, Sequence[Cell]]


def _legend(series: Sequence[Series], y: float) -> list[str]:
    if len(series) < 2:
        return []
    parts, x = [], 8.0
    for index, (name, _) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<rect x="{x:.0f}" y="{y - 10:.0f}" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 17:.0f}" y="{y:.0f}" font-size="13" fill="{TEXT}">{escape(name)}</text>'
        )
        x += 30 + 8 * len(name)
    return parts


def _svg(key: str, title: str, sentence: str, width: int, height: int, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="grafiek" viewBox="0 0 {width} {height}" role="img" focusable="false"'
        f' aria-labelledby="{key}-titel {key}-uitleg" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{key}-titel">{escape(title)}</title>'
        f'<desc id="{key}-uitleg">{escape(sentence)}</desc>' + "".join(body) + "</svg>"
    )


def _largest(series: Sequence[Series]) -> float:
    values = [cell.value for _, cells in series for cell in cells if cell.value is not None]
    return max([*values, 1.0])


def _nothing_to_show(series: Sequence[Series]) -> bool:
    return not any(cell.value for _, cells in series for cell in cells if cell.value is not None)


EMPTY = (
    "Er is in deze periode niets te tekenen: er zijn geen cijfers, of alleen cijfers onder de 5"
    " die verborgen blijven. De tabel hieronder laat zien wat er wel is."
)


def _empty(key: str) -> Markup:
    """A chart with nothing to draw says so in words, instead of an empty axis."""
    return Markup(f'<p class="geen-grafiek" id="{key}-leeg">{escape(EMPTY)}</p>')


def _axis(largest: float) -> tuple[float, list[float]]:
    """Whole-number steps for counts ("0, 1, 2"), never "0, 0, 0, 1, 1"."""
    step = max(1, math.ceil(largest / 4))
    return step * 4.0, [step * index for index in range(5)]


def columns(
    key: str, title: str, sentence: str, labels: Sequence[str], series: Sequence[Series]
) -> Markup:
    """Vertical bars over time (or over groups), one bar per series in each group."""
    if _nothing_to_show(series):
        return _empty(key)
    width, height, left, top, bottom = 760, 310, 56, 30, 60
    plot_w, plot_h = width - left - 10, height - top - bottom
    largest, ticks = _axis(_largest(series))
    group = plot_w / max(1, len(labels))
    bar = max(1.0, min(24.0, group * 0.8 / max(1, len(series))))
    body = _legend(series, 16)
    for value in ticks:
        y = top + plot_h - plot_h * value / largest
        body.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}"'
            f' stroke="{GRID}" stroke-width="0.5"/>'
        )
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="13" text-anchor="end"'
            f' fill="{TEXT}">{value:.0f}</text>'
        )
    every = max(1, len(labels) // 12)
    for index, label in enumerate(labels):
        x0 = left + index * group + (group - bar * len(series)) / 2
        for number, (_, cells) in enumerate(series):
            shown = cells[index].value
            if shown is None or shown <= 0:
                continue
            h = plot_h * shown / largest
            colour = COLOURS[number % len(COLOURS)]
            body.append(
                f'<rect x="{x0 + number * bar:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}"'
                f' height="{h:.1f}" fill="{colour}"/>'
            )
        if index % every == 0:
            x = left + index * group + group / 2
            body.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 16}" font-size="13" text-anchor="end"'
                f' transform="rotate(-35 {x:.1f} {top + plot_h + 16})" fill="{TEXT}">'
                f"{escape(label)}</text>"
            )
    return _svg(key, title, sentence, width, height, body)


def bars(
    key: str,
    title: str,
    sentence: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
) -> Markup:
    """Horizontal bars, one group per label; the label stands above its bars, never cut off."""
    if _nothing_to_show(series):
        return _empty(key)
    label_h = 20
    row_h = label_h + 16 * len(series) + 10
    width, left, top = 760, 8, 28 if len(series) > 1 else 8
    height = top + row_h * len(labels) + 8
    plot_w = width - left - 90
    largest = _largest(series)
    body = _legend(series, 16)
    for index, label in enumerate(labels):
        y0 = top + index * row_h
        body.append(
            f'<text x="{left}" y="{y0 + 15:.1f}" font-size="14" fill="{TEXT}">'
            f"{escape(label)}</text>"
        )
        for number, (_, cells) in enumerate(series):
            cell = cells[index]
            y = y0 + label_h + number * 16
            w = 0.0 if cell.value is None else plot_w * max(0.0, cell.value) / largest
            colour = COLOURS[number % len(COLOURS)]
            if w > 0:
                body.append(
                    f'<rect x="{left}" y="{y}" width="{w:.1f}" height="13" fill="{colour}"/>'
                )
            body.append(
                f'<text x="{left + w + 5:.1f}" y="{y + 11}" font-size="13" fill="{TEXT}">'
                f"{escape(cell.text)}{escape(unit) if cell.value is not None else ''}</text>"
            )
    return _svg(key, title, sentence, width, height, body)
