"""Charts drawn on the server as SVG with matplotlib, safe to put inline in a page.

matplotlib's figure API with its SVG canvas (no pyplot, so no global figure state; the Agg
backend is selected for anything else) draws the chart; ``inline_svg`` then makes the output
fit the page:

- the site's Content-Security-Policy allows no inline styles, so every ``style="..."`` becomes
  SVG presentation attributes and the ``<style>`` element goes (its two rules move to the root);
- every id is prefixed with the chart's own name, so two charts on a page never share an id;
- the XML declaration, DOCTYPE and RDF metadata go; the root gets ``role="img"`` and is named
  by a ``<title>`` and described by a ``<desc>`` (WCAG 1.1.1), and every chart also has its
  data in a table beside it on the page.

Output is deterministic (fixed hash salt, no date): the same data gives the same bytes, so
rendering is cached by the chart's data.
"""

from __future__ import annotations

import functools
import html
import io
import math
import re
from collections.abc import Sequence
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402  (after choosing the backend)
from matplotlib.figure import Figure  # noqa: E402

BLUE, GREY, BLACK, LIGHT_GREY, ORANGE = "#1d70b8", "#505a5f", "#0b0c0c", "#b1b4b6", "#f47738"
FONT = "arial, sans-serif"
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "custodian-oversight",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "axes.edgecolor": GREY,
    "axes.labelcolor": BLACK,
    "xtick.color": BLACK,
    "ytick.color": BLACK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
ID_ATTRIBUTE = re.compile(r'\bid="([^"]+)"')


Bar = tuple[str, float | None, bool]  # (label, value or None when not available, highlighted)
Panel = tuple[str, str, tuple[Bar, ...]]  # (title, unit, bars)


def _number(value) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, (int, float, Decimal)) else None


def _value_text(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def _draw_bars(ax, bars: Sequence[Bar], unit: str, reference: float | None = None) -> None:
    labels = [label for label, _, _ in bars][::-1]
    values = [(_number(value) or 0.0) for _, value, _ in bars][::-1]
    colours = [BLUE if highlighted else LIGHT_GREY for _, _, highlighted in bars][::-1]
    edges = [BLACK if highlighted else GREY for _, _, highlighted in bars][::-1]
    positions = list(range(len(bars)))
    ax.barh(positions, values, color=colours, edgecolor=edges, linewidth=0.8, height=0.6)
    ax.set_yticks(positions, labels)
    top = max([v for v in values if v] + [reference or 0, 1e-9])
    ax.set_xlim(0, top * 1.3)
    for position, (_, value, _) in zip(positions, list(bars)[::-1], strict=True):
        number = _number(value)
        text = "not available" if number is None else _value_text(number)
        ax.text((number or 0) + top * 0.02, position, text, va="center", ha="left", fontsize=9, color=BLACK)
    if reference is not None:
        ax.axvline(reference, color=BLACK, linewidth=1, linestyle="--")
    ax.set_xlabel(unit, fontsize=9)
    ax.tick_params(axis="y", length=0)


def _render(figure: Figure) -> str:
    FigureCanvasSVG(figure)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


WIDTH = 10.0  # inches
CHAR = 0.075  # inches a character of a 10-point label takes, roughly
TOP, BOTTOM, RIGHT = 0.35, 0.6, 0.3  # inches for a panel's title, its axis label and a little air


def _panel_axes(figure: Figure, bars_per_panel: float, rows: int, columns: int, labels: list[str], count: int):
    """``count`` axes laid out by hand in a grid (label room from the longest label): quicker than a layout engine."""
    panel_height = 0.45 * bars_per_panel + TOP + BOTTOM
    figure.set_size_inches(WIDTH, rows * panel_height)
    column_width = WIDTH / columns
    left = min(column_width / 2, 0.25 + CHAR * max((len(label) for label in labels), default=10))
    for index in range(count):
        row, column = divmod(index, columns)
        x = (column * column_width + left) / WIDTH
        y = ((rows - row - 1) * panel_height + BOTTOM) / (rows * panel_height)
        width = (column_width - left - RIGHT) / WIDTH
        height = (panel_height - TOP - BOTTOM) / (rows * panel_height)
        yield figure.add_axes((x, y, width, height))


@functools.lru_cache(maxsize=256)
def comparison_svg(name: str, title: str, description: str, panels: tuple[Panel, ...]) -> str:
    """Small multiples: one panel of horizontal bars per measure, the highlighted bar being this area."""
    columns = 2 if len(panels) > 1 else 1
    rows = math.ceil(len(panels) / columns)
    bars_per_panel = max((len(p[2]) for p in panels), default=1)
    labels = [label for _, _, bars in panels for label, _, _ in bars]
    with matplotlib.rc_context(RC):
        figure = Figure()
        axes = _panel_axes(figure, bars_per_panel, rows, columns, labels, len(panels))
        for ax, (panel_title, unit, bars) in zip(axes, panels, strict=True):
            _draw_bars(ax, bars, unit)
            ax.set_title(panel_title, fontsize=10, loc="left", color=BLACK)
        svg = _render(figure)
    return inline_svg(svg, name=name, title=title, description=description)


@functools.lru_cache(maxsize=256)
def bars_svg(
    name: str, title: str, description: str, bars: tuple[Bar, ...], unit: str, reference: float | None = None
) -> str:
    """One set of horizontal bars (for example each school's use of AP against its share), with an optional reference line."""
    with matplotlib.rc_context(RC):
        figure = Figure()
        (ax,) = _panel_axes(figure, max(len(bars), 3) * 0.75, 1, 1, [label for label, _, _ in bars], 1)
        _draw_bars(ax, bars, unit, reference)
        svg = _render(figure)
    return inline_svg(svg, name=name, title=title, description=description)


# ---------------------------------------------------------------------------------------
# Making matplotlib's SVG safe to put inline


def _attributes(style: str) -> str:
    parts = []
    for declaration in style.split(";"):
        if ":" not in declaration:
            continue
        prop, value = (piece.strip() for piece in declaration.split(":", 1))
        if prop == "font-family":
            value = FONT
        parts.append(f' {prop}="{html.escape(value, quote=True)}"')
    return "".join(parts)


def inline_svg(svg: str, *, name: str, title: str, description: str) -> str:
    """matplotlib's SVG document as an inline, CSP-safe, accessible ``<svg>`` element (see the module docstring)."""
    prefix = re.sub(r"[^a-z0-9-]", "-", name.lower())
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<defs>\s*</defs>\s*", "", svg)
    svg = STYLE_ATTRIBUTE.sub(lambda m: _attributes(m.group(1)), svg)
    ids = set(ID_ATTRIBUTE.findall(svg))
    svg = ID_ATTRIBUTE.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})" if m.group(1) in ids else m.group(0), svg)
    svg = re.sub(
        r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"' if m.group(1) in ids else m.group(0), svg
    )
    opening = re.match(r"<svg[^>]*>", svg).group(0)
    view_box = re.search(r'viewBox="([^"]+)"', opening).group(1)
    root = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
        f'viewBox="{view_box}" width="100%" class="oversight-chart" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" stroke-linejoin="round" stroke-linecap="butt">'
        f'<title id="{prefix}-title">{html.escape(title)}</title><desc id="{prefix}-desc">{html.escape(description)}</desc>'
    )
    return root + svg[len(opening) :].strip()
