"""The command centre's charts, drawn on the server as SVG (pygal) like :mod:`chuhai.web.charts`:
exports by destination (or region) and by month against the year before.

Amounts become floats here for drawing only; the tables beside each chart show exact figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pygal  # type: ignore[import-untyped]  # no type stubs
from babel.numbers import format_compact_currency
from pygal.style import Style  # type: ignore[import-untyped]

__all__ = ["compact_money", "destinations_svg", "months_svg"]

FONTS = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
STYLE = Style(
    font_family=FONTS,
    background="#ffffff",
    plot_background="#ffffff",
    colors=("#b3261e", "#9aa3b5", "#1e6b3a"),
    title_font_size=15,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    value_font_size=11,
    tooltip_font_size=13,
)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def compact_money(amount: Decimal | float | str, currency: str, locale: str) -> str:
    """``¥217.1亿`` or ``CN¥21.7B``: large amounts, readable at a glance.

    >>> compact_money("75000000000", "CNY", "zh_CN"), compact_money("21705654842.88", "CNY", "en")
    ('¥750亿', 'CN¥21.7B')
    """
    return str(
        format_compact_currency(Decimal(str(amount)), currency, locale=locale, fraction_digits=1)
    )


def _render(chart: Any) -> str:
    svg: str = chart.render(is_unicode=True)
    return _SCRIPT.sub("", svg)  # pygal's inline config script: the chart needs none


def destinations_svg(
    rows: Sequence[dict[str, Any]], *, title: str, series: str, locale: str,
    label: Callable[[str], str], limit: int = 15,
) -> str:  # fmt: skip
    """Horizontal bars of this year's value per key (largest at the top), ``rows`` as the
    dashboard writes them (``{"key", "value": {"amount", "currency"}}``)."""
    shown = list(rows[:limit])
    if not shown:
        return ""
    currency = shown[0]["value"]["currency"]
    chart = pygal.HorizontalBar(
        js=[], disable_xml_declaration=True, width=900, height=90 + 28 * len(shown), style=STYLE,
        title=title, show_legend=False, print_values=True, margin=12, margin_left=48,
        truncate_label=-1,
        value_formatter=lambda v: compact_money(v, currency, locale),
    )  # fmt: skip
    ordered = list(reversed(shown))  # pygal draws the first bar at the bottom
    chart.x_labels = [label(row["key"]) for row in ordered]
    chart.add(series, [float(row["value"]["amount"]) for row in ordered])
    return _render(chart)


def months_svg(
    rows: Sequence[dict[str, Any]], *, title: str, series: tuple[str, str], locale: str,
    label: Callable[[str], str],
) -> str:  # fmt: skip
    """Bars per month: this year and the year before."""
    if not rows:
        return ""
    currency = rows[0]["value"]["currency"]
    chart = pygal.Bar(
        js=[], disable_xml_declaration=True, width=900, height=340, style=STYLE, title=title,
        legend_at_bottom=True, margin=12, value_formatter=lambda v: compact_money(v, currency, locale),
    )  # fmt: skip
    chart.x_labels = [label(row["key"]) for row in rows]
    chart.add(series[0], [float(row["value"]["amount"]) for row in rows])
    chart.add(series[1], [float(row["previous"]["amount"]) for row in rows])
    return _render(chart)
