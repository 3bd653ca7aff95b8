"""Server-rendered SVG charts: plain Python that turns numbers into an inline <svg>.

A chart names itself (role="img", <title>, <desc>), writes every value as text beside its
mark, and tells series apart by pattern as well as by colour, so that it still reads in
greyscale, in print and without colour vision. It needs no JavaScript and no library.
Text reaches the markup only through format_html and escape.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

INK = "#1b1f24"
MUTED = "#4f5b67"
GRID = "#d5dbe1"
WHITE = "#ffffff"
FONT_SIZE = 13
# A rough width of one character at FONT_SIZE: enough to leave room for labels without
# measuring text, which the server cannot do.
CHAR_WIDTH = 7.2

# Each colour has at least 4.5:1 contrast on white, and each pattern differs from the
# others, so neither colour nor pattern alone has to carry the difference.
SWATCHES = [
    ("#0b4f8a", "solid"),
    ("#a4262c", "stripes"),
    ("#1e6b34", "dots"),
    ("#8a4b00", "crosshatch"),
    ("#5b3f8c", "horizontal"),
    ("#4f5b67", "vertical"),
]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float, ...]


def _num(x: float) -> str:
    """A coordinate short enough to keep the markup small."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ticks(maximum: float, *, integer: bool = True, target: int = 5) -> list[float]:
    """Round steps from 0 past the maximum: 0, 2, 4... or 0, 25, 50..."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / target
    magnitude = 10 ** math.floor(math.log10(raw))
    # A quarter is a round step for percentages, not for counts.
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in steps if m * magnitude >= raw)
    if integer:
        step = max(1, math.ceil(step))
    count = math.ceil(maximum / step)
    return [i * step for i in range(count + 1)]


def _fill(chart_id: str, index: int) -> str:
    colour, pattern = SWATCHES[index % len(SWATCHES)]
    return colour if pattern == "solid" else f"url(#{chart_id}-p{index % len(SWATCHES)})"


def _pattern_defs(chart_id: str, count: int) -> SafeString:
    marks = {
        "stripes": '<rect width="3" height="8" fill="{white}"/>',
        "dots": '<circle cx="4" cy="4" r="1.7" fill="{white}"/>',
        "crosshatch": '<path d="M0 0L8 8M8 0L0 8" stroke="{white}" stroke-width="1.5"/>',
        "horizontal": '<rect y="3" width="8" height="2" fill="{white}"/>',
        "vertical": '<rect x="3" width="2" height="8" fill="{white}"/>',
    }
    parts = []
    for index in range(min(count, len(SWATCHES))):
        colour, pattern = SWATCHES[index]
        if pattern == "solid":
            continue
        turn = ' patternTransform="rotate(45)"' if pattern == "stripes" else ""
        parts.append(
            format_html(
                '<pattern id="{}-p{}" width="8" height="8" patternUnits="userSpaceOnUse"{}>'
                '<rect width="8" height="8" fill="{}"/>{}</pattern>',
                chart_id,
                index,
                mark_safe(turn),
                colour,
                format_html(marks[pattern], white=WHITE),
            )
        )
    return format_html("<defs>{}</defs>", mark_safe("".join(parts))) if parts else SafeString()


def _svg(chart_id: str, title: str, description: str, width: float, height: float, body):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" font-size="{fs}" font-family="inherit" fill="{ink}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=_num(width),
        h=_num(height),
        fs=FONT_SIZE,
        ink=INK,
        title=title,
        desc=description,
        body=mark_safe("".join(body)),
    )


def _halo_text(x: float, y: float, text: str, anchor: str = "middle") -> SafeString:
    """White text with a dark outline: it reads on any colour and any pattern."""
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" fill="{}" stroke="{}" stroke-width="3" '
        'paint-order="stroke" font-weight="600">{}</text>',
        _num(x),
        _num(y),
        anchor,
        WHITE,
        INK,
        text,
    )


def horizontal_bars(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    axis_label: str,
) -> SafeString:
    """One labelled bar per category, its count written at its end."""
    width, row, bar_height, top = 560, 28, 18, 8
    label_width = min(max(len(_shorten(b.label, 34)) for b in bars) * CHAR_WIDTH, 250) + 12
    plot_x, plot_width = label_width, width - label_width - 48
    plot_height = row * len(bars)
    scale = ticks(max(b.value for b in bars))
    per_unit = plot_width / scale[-1]
    body = []
    for tick in scale:
        x = plot_x + tick * per_unit
        body.append(
            format_html(
                '<line x1="{x}" x2="{x}" y1="{y1}" y2="{y2}" stroke="{c}"/>'
                '<text x="{x}" y="{ty}" text-anchor="middle" fill="{m}">{t}</text>',
                x=_num(x),
                y1=top,
                y2=_num(top + plot_height),
                c=GRID,
                ty=_num(top + plot_height + 16),
                m=MUTED,
                t=f"{tick:g}",
            )
        )
    for index, bar in enumerate(bars):
        y = top + index * row + (row - bar_height) / 2
        length = bar.value * per_unit
        body.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end">{label}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>'
                '<text x="{vx}" y="{ty}" font-weight="600">{value}</text>',
                lx=_num(plot_x - 8),
                ty=_num(y + bar_height - 4),
                label=_shorten(bar.label, 34),
                x=_num(plot_x),
                y=_num(y),
                w=_num(length),
                h=bar_height,
                fill=SWATCHES[0][0],
                vx=_num(plot_x + length + 6),
                value=bar.value,
            )
        )
    body.append(
        format_html(
            '<line x1="{x}" x2="{x}" y1="{t}" y2="{b}" stroke="{ink}"/>'
            '<text x="{cx}" y="{ay}" text-anchor="middle" fill="{m}">{label}</text>',
            x=_num(plot_x),
            t=top,
            b=_num(top + plot_height),
            ink=INK,
            cx=_num(plot_x + plot_width / 2),
            ay=_num(top + plot_height + 38),
            m=MUTED,
            label=axis_label,
        )
    )
    return _svg(chart_id, title, description, width, top + plot_height + 48, body)


def columns(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    x_label: str,
    y_label: str,
    y_max: float | None = None,
    value_format: Callable[[float], str] = lambda v: f"{v:g}",
) -> SafeString:
    """Vertical columns, stacked when there is more than one series, each topped by its
    total; a legend names the series when there are several."""
    width, left, right = 720, 64, 16
    stacked = len(series) > 1
    longest = max(len(c) for c in categories)
    slot = (width - left - right) / len(categories)
    turned = longest * CHAR_WIDTH > slot - 4
    label_room = longest * CHAR_WIDTH * 0.72 + 8 if turned else FONT_SIZE + 4
    legend_rows = _legend_layout(series, width - left - right) if stacked else []
    top = 12 + 22 * len(legend_rows) + 18
    plot_height = 220
    bottom = top + plot_height
    height = bottom + label_room + 34
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    if y_max is None:
        scale = ticks(max(totals))
    else:
        scale = ticks(y_max, integer=False, target=4)
    per_unit = plot_height / scale[-1]
    body = [_pattern_defs(chart_id, len(series))] if stacked else []
    for row_index, row in enumerate(legend_rows):
        for x, index in row:
            y = 12 + row_index * 22
            body.append(
                format_html(
                    '<rect x="{x}" y="{y}" width="14" height="14" fill="{fill}" stroke="{ink}"/>'
                    '<text x="{tx}" y="{ty}">{label}</text>',
                    x=_num(left + x),
                    y=y,
                    fill=_fill(chart_id, index),
                    ink=INK,
                    tx=_num(left + x + 20),
                    ty=y + 12,
                    label=series[index].label,
                )
            )
    for tick in scale:
        y = bottom - tick * per_unit
        body.append(
            format_html(
                '<line x1="{l}" x2="{r}" y1="{y}" y2="{y}" stroke="{c}"/>'
                '<text x="{tx}" y="{ty}" text-anchor="end" fill="{m}">{t}</text>',
                l=left,
                r=width - right,
                y=_num(y),
                c=GRID,
                tx=left - 6,
                ty=_num(y + 4),
                m=MUTED,
                t=value_format(tick),
            )
        )
    bar_width = min(slot * 0.7, 48)
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar_width) / 2
        y = bottom
        for index, one in enumerate(series):
            value = one.values[i]
            if not value:
                continue
            height_of = value * per_unit
            y -= height_of
            body.append(
                format_html(
                    '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" '
                    'stroke="{white}" stroke-width="1"><title>{cat}, {label}: {v}</title></rect>',
                    x=_num(x),
                    y=_num(y),
                    w=_num(bar_width),
                    h=_num(height_of),
                    fill=_fill(chart_id, index) if stacked else SWATCHES[0][0],
                    white=WHITE,
                    cat=category,
                    label=one.label,
                    v=value_format(value),
                )
            )
            if stacked and height_of >= FONT_SIZE + 4 and bar_width >= 16:
                body.append(_halo_text(x + bar_width / 2, y + height_of / 2 + 4.5, f"{value:g}"))
        body.append(
            format_html(
                '<text x="{x}" y="{y}" text-anchor="middle" font-weight="600">{t}</text>',
                x=_num(x + bar_width / 2),
                y=_num(y - 5),
                t=value_format(totals[i]),
            )
        )
        label_x, label_y = x + bar_width / 2, bottom + FONT_SIZE + 4
        if turned:
            body.append(
                format_html(
                    '<text x="{x}" y="{y}" text-anchor="end" '
                    'transform="rotate(-45 {x} {y})">{t}</text>',
                    x=_num(label_x + 4),
                    y=_num(label_y - 4),
                    t=category,
                )
            )
        else:
            body.append(
                format_html(
                    '<text x="{x}" y="{y}" text-anchor="middle">{t}</text>',
                    x=_num(label_x),
                    y=_num(label_y),
                    t=category,
                )
            )
    body.append(
        format_html(
            '<line x1="{l}" x2="{r}" y1="{b}" y2="{b}" stroke="{ink}"/>'
            '<text x="{cx}" y="{xy}" text-anchor="middle" fill="{m}">{x_label}</text>'
            '<text x="14" y="{cy}" text-anchor="middle" fill="{m}" '
            'transform="rotate(-90 14 {cy})">{y_label}</text>',
            l=left,
            r=width - right,
            b=_num(bottom),
            ink=INK,
            cx=_num(left + (width - left - right) / 2),
            xy=_num(height - 8),
            m=MUTED,
            x_label=x_label,
            cy=_num(top + plot_height / 2),
            y_label=y_label,
        )
    )
    return _svg(chart_id, title, description, width, height, body)


def _legend_layout(series: Sequence[Series], width: float) -> list[list[tuple[float, int]]]:
    """Legend entries placed left to right, wrapping onto another row when full."""
    rows: list[list[tuple[float, int]]] = [[]]
    x = 0.0
    for index, one in enumerate(series):
        entry = 20 + len(one.label) * CHAR_WIDTH + 18
        if rows[-1] and x + entry > width:
            rows.append([])
            x = 0.0
        rows[-1].append((x, index))
        x += entry
    return rows
