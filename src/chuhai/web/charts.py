"""Charts drawn on the server as SVG (pygal), inlined in pages and PDFs: no script runs.

Amounts become floats here, for drawing only; the tables beside a chart show the exact figures.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pygal  # type: ignore[import-untyped]  # no type stubs
from pygal.style import Style  # type: ignore[import-untyped]

from chuhai.domain.money import Money
from chuhai.web.i18n import format_money

__all__ = ["landed_vs_price_svg"]

# pygal appends a legacy import hook for its map plugins (unused here) that makes every later
# import warn (ImportWarning) on Python 3.11 and does nothing on 3.12+: take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]

FONTS = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
STYLE = Style(
    font_family=FONTS,
    background="#ffffff",
    plot_background="#ffffff",
    colors=("#5b6475", "#b3261e"),
    title_font_size=15,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    value_font_size=10,
)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def landed_vs_price_svg(
    points: Sequence[dict[str, Any]],
    *,
    currency: str,
    locale: str,
    title: str,
    series: tuple[str, str],
    label: Callable[[str], str] = str,
) -> str:
    """Grouped bars per market: landed cost and price (``{"market", "landed_cost", "price"}``,
    money as ``{"amount", "currency"}`` in ``currency``). ``label`` names a market."""
    chart = pygal.Bar(
        js=[],
        disable_xml_declaration=True,
        width=900,
        height=380,
        style=STYLE,
        legend_at_bottom=True,
        x_label_rotation=0 if len(points) <= 8 else 30,
        title=title,
        value_formatter=lambda v: format_money_float(v, currency, locale),
        margin=12,
    )
    chart.x_labels = [label(point["market"]) for point in points]
    for name, key in zip(series, ("landed_cost", "price"), strict=True):
        chart.add(name, [float(point[key]["amount"]) for point in points])
    svg: str = chart.render(is_unicode=True)
    return _SCRIPT.sub("", svg)  # pygal's inline config script: the chart needs none


def format_money_float(value: float, currency: str, locale: str) -> str:
    """A drawn value as money of the locale (the chart's tooltips and value labels)."""
    return format_money(Money(Decimal(str(round(value, 2))), currency), locale)
