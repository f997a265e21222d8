"""What a batch run tells: the change a scenario makes per SKU x market, and per market.

:func:`diff_rows` pairs each scenario row with the baseline row of the same catalogue row,
market and channel. :class:`Summary` adds up every result chunk by market and scenario (in
the market's currency and in the seller's), so a run over millions of rows ends with one
small table: which markets absorb a tariff shock best.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from chuhai.domain.scenario import BASELINE

__all__ = ["DIFF_SCHEMA", "Summary", "diff_rows"]

_KEY = ["row", "market", "channel"]
_COMPARED = ("landed_total", "duty", "measures", "tax", "fees", "landed_total_seller")

DIFF_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "sku": pl.Utf8(),
    "market": pl.Utf8(),
    "channel": pl.Utf8(),
    "scenario": pl.Utf8(),
    "currency": pl.Utf8(),
    "seller_currency": pl.Utf8(),
    **{
        f"{which}_{name}_amount_minor": pl.Int64()
        for name in _COMPARED
        for which in ("baseline", "scenario", "change")
    },
    "baseline_status": pl.Utf8(),
    "scenario_status": pl.Utf8(),
}


def diff_rows(baseline: pl.DataFrame, scenario: pl.DataFrame) -> pl.DataFrame:
    """Baseline, scenario and change per row x market x channel (see :data:`DIFF_SCHEMA`)."""
    left = baseline.select(
        *_KEY,
        "sku",
        "currency",
        "seller_currency",
        pl.col("status").alias("baseline_status"),
        *(pl.col(f"{n}_amount_minor").alias(f"baseline_{n}_amount_minor") for n in _COMPARED),
    )
    right = scenario.select(
        *_KEY,
        "scenario",
        pl.col("status").alias("scenario_status"),
        *(pl.col(f"{n}_amount_minor").alias(f"scenario_{n}_amount_minor") for n in _COMPARED),
    )
    joined = left.join(right, on=_KEY, how="inner", maintain_order="left")
    changes = [
        (pl.col(f"scenario_{n}_amount_minor") - pl.col(f"baseline_{n}_amount_minor")).alias(
            f"change_{n}_amount_minor"
        )
        for n in _COMPARED
    ]
    return joined.with_columns(changes).select(list(DIFF_SCHEMA))


_SUMS = {
    "landed_total_amount_minor": "landed_total",
    "landed_total_seller_amount_minor": "landed_total_seller",
    "duty_amount_minor": "duty",
    "measures_amount_minor": "measures",
    "tax_amount_minor": "tax",
    "fees_amount_minor": "fees",
}
_GROUP = ["market", "scenario", "currency", "seller_currency"]


@dataclass
class Summary:
    """Totals by market, scenario and currency, added up chunk by chunk."""

    parts: list[pl.DataFrame] = field(default_factory=list)

    def add(self, frame: pl.DataFrame, labels: dict[str, str] | None = None) -> None:
        """Add ``frame``'s totals; ``labels`` gives the values of grouping columns that the
        whole frame shares (one plan's results: market, scenario, currency, and the seller's
        currency when the chunk has one), which then need no grouping."""
        ok = pl.col("status") == "ok"
        sums = [
            pl.len().alias("rows"),
            (~ok).sum().alias("failed"),
            *(pl.col(c).cast(pl.Int128).sum().alias(n) for c, n in _SUMS.items()),
        ]
        if labels is None:
            self.parts.append(frame.group_by(_GROUP).agg(sums))
            return
        by = [name for name in _GROUP if name not in labels]
        part = frame.group_by(by).agg(sums) if by else frame.select(sums)
        fixed = [pl.lit(labels[name], dtype=pl.Utf8).alias(name) for name in labels]
        self.parts.append(
            part.with_columns(fixed).select(*_GROUP, "rows", "failed", *_SUMS.values())
        )

    def table(self) -> pl.DataFrame:
        """One row per market x scenario, with the change against the baseline."""
        if not self.parts:
            return pl.DataFrame()
        totals = (
            pl.concat(self.parts)
            .group_by(_GROUP)
            .agg(pl.col("rows", "failed", *_SUMS.values()).sum())
            .sort(["market", "scenario"])
        )
        base = totals.filter(pl.col("scenario") == BASELINE).select(
            "market",
            "seller_currency",
            pl.col("landed_total").alias("baseline_landed_total"),
            pl.col("landed_total_seller").alias("baseline_landed_total_seller"),
        )
        if base.height == 0:
            return totals
        joined = totals.join(base, on=["market", "seller_currency"], how="left")
        return joined.with_columns(
            (pl.col("landed_total") - pl.col("baseline_landed_total")).alias("change"),
            (pl.col("landed_total_seller") - pl.col("baseline_landed_total_seller")).alias(
                "change_seller"
            ),
        )
