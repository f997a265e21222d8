"""The shipped FX pack: ECB daily reference rates, official pegs and World Bank annual averages.

The files under ``chuhai/data/fx/`` are built by ``tools/build_fx_pack.py``; their sources,
checksums and licences are in ``SOURCES.md`` and ``manifest.json`` beside them. They are read
once, on first use, and parsed into Decimals so that a lookup is a dictionary hit and a bisect.

>>> rates = load_shipped_rates()
>>> quote = rates.get_rate("CNY", "VND", as_of=date(2025, 6, 2))
>>> quote.source_id, quote.status, quote.method.value
('ecb_eurofxref+wb_pa_nus_fcrf', 'estimated', 'annual')
"""

from __future__ import annotations

import csv
import functools
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib.resources import files

from chuhai.domain.currency import MINOR_UNITS
from chuhai.domain.fx_providers import AnnualRates, ChainedRates, DailyRates, UserRate, UserRates
from chuhai.errors import PackError

__all__ = ["ECB_SOURCE_ID", "WB_SOURCE_ID", "coverage", "load_shipped_rates"]

ECB_SOURCE_ID = "ecb_eurofxref"
WB_SOURCE_ID = "wb_pa_nus_fcrf"
_ECB_FILE = "ecb_eurofxref_daily.csv"
_WB_FILE = "wb_pa_nus_fcrf_annual.csv"
_PEGS_FILE = "pegs.csv"
_SOURCES_FILE = "sources.csv"


@dataclass(frozen=True)
class _Tables:
    ecb: dict[str, list[tuple[date, Decimal]]]
    wb: dict[str, dict[int, Decimal]]
    pegs: list[UserRate]
    sources: dict[str, dict[str, str]]


def _rows(name: str) -> list[list[str]]:
    text = files("chuhai").joinpath("data", "fx", name).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def _decimal(text: str, *, file: str, row: int, field: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise PackError(f"not a number: {text!r}", file=file, row=row, field=field) from None
    if not value.is_finite() or value <= 0:
        raise PackError(f"not a positive rate: {text!r}", file=file, row=row, field=field)
    return value


def _load_ecb() -> dict[str, list[tuple[date, Decimal]]]:
    header, *body = _rows(_ECB_FILE)
    # Currencies that left ISO 4217 (HRK, replaced by the euro in 2023) cannot be asked for.
    columns = [(i, code) for i, code in enumerate(header) if code in MINOR_UNITS]
    series: dict[str, list[tuple[date, Decimal]]] = {code: [] for _, code in columns}
    for number, fields in enumerate(body, start=2):
        day = date.fromisoformat(fields[0])
        for i, code in columns:
            if fields[i]:
                value = _decimal(fields[i], file=_ECB_FILE, row=number, field=code)
                series[code].append((day, value))
    return {code: rows for code, rows in series.items() if rows}


def _load_wb(pegged: set[str]) -> dict[str, dict[int, Decimal]]:
    _, *body = _rows(_WB_FILE)
    series: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for number, (currency, year, value, _country) in enumerate(body, start=2):
        if currency not in pegged:  # an official peg beats an annual average
            series[currency][int(year)] = _decimal(
                value, file=_WB_FILE, row=number, field="lcu_per_usd"
            )
    return dict(series)


def _load_pegs() -> list[UserRate]:
    header, *body = _rows(_PEGS_FILE)
    pegs = []
    for fields in body:
        row = dict(zip(header, fields, strict=True))
        pegs.append(
            UserRate(
                base=row["base"],
                quote=row["quote"],
                rate=Decimal(row["rate"]),
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
                source_label=row["note"],
                status=row["status"],
                source_id=row["source_id"],
            )
        )
    return pegs


@functools.cache
def _tables() -> _Tables:
    header, *body = _rows(_SOURCES_FILE)
    sources = {fields[0]: dict(zip(header, fields, strict=True)) for fields in body}
    pegs = _load_pegs()
    pegged = {p.quote for p in pegs} | {p.base for p in pegs}
    return _Tables(_load_ecb(), _load_wb(pegged - {"USD", "EUR"}), pegs, sources)


@functools.cache
def load_shipped_rates(*, max_staleness_days: int = 7) -> ChainedRates:
    """The shipped rates, best source first: ECB daily, official pegs, World Bank annual.

    A daily rate older than ``max_staleness_days`` is refused; pass a larger allowance to
    accept older ones (they come back with status "estimated").
    """
    tables = _tables()
    ecb = DailyRates(
        tables.ecb, source_id=ECB_SOURCE_ID, label="ECB", max_staleness_days=max_staleness_days
    )
    pegs = UserRates(tables.pegs, label="official pegs")
    wb = AnnualRates(tables.wb, source_id=WB_SOURCE_ID, label="World Bank")
    return ChainedRates([ecb, pegs, wb])


def coverage() -> dict[str, dict[str, object]]:
    """Per source: title, publisher, licence, currencies, first and last date (ISO strings)."""
    tables = _tables()
    spans: dict[str, dict[str, object]] = {
        ECB_SOURCE_ID: DailyRates(tables.ecb, source_id=ECB_SOURCE_ID, label="ECB").coverage(),
        WB_SOURCE_ID: AnnualRates(tables.wb, source_id=WB_SOURCE_ID, label="WB").coverage(),
    }
    by_peg: dict[str, list[UserRate]] = defaultdict(list)
    for peg in tables.pegs:
        by_peg[peg.source_id].append(peg)
    for source_id, pegs in by_peg.items():
        spans[source_id] = {
            "currencies": sorted({p.quote for p in pegs} | {p.base for p in pegs}),
            "first_date": min(p.valid_from for p in pegs),
            "last_date": None
            if any(p.valid_to is None for p in pegs)
            else max(p.valid_to for p in pegs if p.valid_to),
        }
    return {sid: _public(tables.sources.get(sid, {}), span) for sid, span in spans.items()}


def _public(source: dict[str, str], span: dict[str, object]) -> dict[str, object]:
    fields = ("title", "publisher", "licence", "url")
    info: dict[str, object] = {key: source.get(key, "") for key in fields}
    for key, value in span.items():
        info[key] = value.isoformat() if isinstance(value, date) else value
    return info
