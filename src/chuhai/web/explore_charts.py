"""The charts of the explore pages (pygal SVG drawn on the server, no script): the market
ranking's layer scores and the what-if before/after bars."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pygal  # type: ignore[import-untyped]  # no type stubs
from pygal.style import Style  # type: ignore[import-untyped]

from chuhai.web.charts import _SCRIPT, FONTS, format_money_float

__all__ = ["TOTALS", "ranking_svg", "what_if_svg"]

STYLE = Style(
    font_family=FONTS,
    background="#ffffff",
    plot_background="#ffffff",
    colors=("#2f6f9f", "#c98a1b", "#b3261e"),
    title_font_size=15,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    value_font_size=10,
)
TOTALS = (("duty", "measure"), ("tax",), ("fee",), ("landed_total",))
"""The what-if bars: duties (duty and measures), taxes, fees, the landed total."""


def _render(chart: Any) -> str:
    svg: str = chart.render(is_unicode=True)
    return _SCRIPT.sub("", svg)


def ranking_svg(
    ranking: Sequence[dict[str, Any]],
    *,
    title: str,
    series: tuple[str, str, str],
    label: Callable[[str], str] = str,
) -> str:
    """Bars per market, best first: the demand layer, the economics layer and the score."""
    chart = pygal.Bar(js=[], disable_xml_declaration=True, width=900, height=360, style=STYLE,
                      legend_at_bottom=True, title=title, range=(0, 100), margin=12,
                      value_formatter=lambda v: f"{v:.1f}")  # fmt: skip
    chart.x_labels = [label(row["market"]) for row in ranking]
    demand = [_score(row["layers"].get("demand")) for row in ranking]
    economics = [_score(row["layers"].get("economics")) for row in ranking]
    scores = [_score(row["score"]) for row in ranking]
    for name, values in zip(series, (demand, economics, scores), strict=True):
        chart.add(name, values)
    return _render(chart)


def _score(value: str | None) -> float | None:
    return None if value is None else float(Decimal(value))


def what_if_total(totals: dict[str, Any], keys: tuple[str, ...]) -> Decimal:
    return sum((Decimal(totals[key]["amount"]) for key in keys), Decimal(0))


def what_if_svg(
    baseline: dict[str, Any],
    scenario: dict[str, Any],
    *,
    title: str,
    labels: Sequence[str],
    series: tuple[str, str],
    locale: str,
) -> str:
    """Grouped bars before and after: duties, taxes, fees and the landed total (quote dicts)."""
    currency = baseline["currency"]
    chart = pygal.Bar(js=[], disable_xml_declaration=True, width=900, height=360, style=STYLE,
                      legend_at_bottom=True, title=title, margin=12,
                      value_formatter=lambda v: format_money_float(v, currency, locale))  # fmt: skip
    chart.x_labels = list(labels)
    for name, result in zip(series, (baseline, scenario), strict=True):
        chart.add(name, [float(what_if_total(result["totals"], keys)) for keys in TOTALS])
    return _render(chart)
