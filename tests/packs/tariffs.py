"""Give a shipped pack a stated tariff rate for a test, leaving the shipped data alone.

The worked examples state their duty rate; the rest of each pack (valuation, regimes,
VAT, fees) is the shipped one.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from chuhai.domain.pack import Pack
from chuhai.domain.rule_schema import Status, TariffLine
from chuhai.rules.registry import get_pack


def with_rates(code: str, rates: dict[str, str], *, column: str = "mfn") -> Pack:
    """The pack ``code`` whose tariff (its own or its union's) also carries ``rates``."""
    pack = get_pack(code)
    holder = pack.tariff_pack() if _has_tariff(pack) else _union_or_self(pack)
    source_id = next(iter(holder.sources))
    lines = {
        hs: [
            TariffLine(
                hs=hs,
                column=column,
                expression=expression,
                valid_from=date(2000, 1, 1),
                source_id=source_id,
                status=Status.OFFICIAL,
            )
        ]
        for hs, expression in rates.items()
    }
    merged = {**holder.tariff, column: {**holder.tariff.get(column, {}), **lines}}
    patched = dataclasses.replace(holder, tariff=merged)
    return _rebuild(pack, holder, patched)


def _has_tariff(pack: Pack) -> bool:
    return any(p.tariff for p in pack.lineage())


def _union_or_self(pack: Pack) -> Pack:
    *_, last = pack.lineage()
    return last


def _rebuild(pack: Pack, old: Pack, new: Pack) -> Pack:
    if pack is old:
        return new
    assert pack.parent is not None
    return dataclasses.replace(pack, parent=_rebuild(pack.parent, old, new))
