"""The shipped carrier fee pack: carriers' DDP surcharges as dated, sourced figures.

``chuhai/data/commerce/carrier_fees.yaml`` is hand-curated (its header says what it holds and
why some carriers are absent); ``carrier_sources.csv`` beside it carries each source's title,
URL, publisher, retrieval date and licence. Both are read once and validated: a bad row is a
:class:`~chuhai.errors.PackError` naming it.

>>> ups = get_carrier_fee("ups", ship_from="US", destination="GB", day=date(2026, 11, 29))
>>> ups.fixed, ups.confidence.value
(Money('15', 'USD'), 'medium')
>>> sorted(load_carrier_pack().left_out)
['dhl_express', 'fedex']
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Any

import yaml

from chuhai.domain.carrier_fees import CarrierFee, select_carrier_fee
from chuhai.domain.channel_fees import Confidence
from chuhai.domain.countries import normalise_country
from chuhai.domain.money import Money, to_decimal
from chuhai.errors import ChuhaiError, InputError, PackError, RuleNotFoundError

__all__ = [
    "CARRIER_FILE",
    "CARRIER_SOURCES_FILE",
    "CarrierPack",
    "carrier_pack_from_document",
    "get_carrier_fee",
    "load_carrier_pack",
]

CARRIER_FILE = "carrier_fees.yaml"
CARRIER_SOURCES_FILE = "carrier_sources.csv"


@dataclass(frozen=True)
class CarrierPack:
    version: str
    fees: tuple[CarrierFee, ...]
    left_out: dict[str, str]  # carrier id -> why no figure is shipped
    sources: dict[str, dict[str, str]]  # source_id -> its row

    @property
    def carriers(self) -> tuple[str, ...]:
        return tuple(sorted({f.carrier for f in self.fees} | set(self.left_out)))


def _read(name: str) -> str:
    return files("chuhai").joinpath("data", "commerce", name).read_text(encoding="utf-8")


@functools.cache
def load_carrier_pack() -> CarrierPack:
    """The shipped carrier fees with their sources."""
    rows = csv.DictReader(io.StringIO(_read(CARRIER_SOURCES_FILE)))
    sources = {row["source_id"]: row for row in rows}
    return carrier_pack_from_document(
        yaml.safe_load(_read(CARRIER_FILE)), sources=sources, file=CARRIER_FILE
    )


def carrier_pack_from_document(
    data: Any, *, sources: Mapping[str, Mapping[str, str]], file: str = "carrier fees"
) -> CarrierPack:
    """A carrier pack from its YAML document; every ``source_ids`` entry must be a source."""
    if not isinstance(data, Mapping) or not isinstance(data.get("fees"), list):
        raise PackError("a carrier pack maps 'fees' to a list", file=file)
    fees = []
    for index, row in enumerate(data["fees"]):
        try:
            fees.append(_fee(row, sources))
        except (ChuhaiError, KeyError, TypeError, ValueError) as exc:
            raise PackError(f"bad carrier fee fees.{index}: {exc}", file=file) from None
    left_out = {str(r["carrier"]): str(r["reason"]) for r in data.get("not_included") or []}
    return CarrierPack(
        str(data.get("version", "")),
        tuple(fees),
        left_out,
        {k: dict(v) for k, v in sources.items()},
    )


def _fee(row: Mapping[str, Any], sources: Mapping[str, Mapping[str, str]]) -> CarrierFee:
    currency = str(row.get("currency") or "") or None

    def money(key: str) -> Money | None:
        text = str(row.get(key) or "")
        if not text:
            return None
        if currency is None:
            raise InputError(f"{key} without a currency", field=key)
        return Money(to_decimal(text, field=key), currency)

    cited = [sources[sid] for sid in row["source_ids"]]  # KeyError: an unknown source
    rate = str(row.get("rate") or "")
    return CarrierFee(
        fee_id=str(row["fee_id"]),
        carrier=str(row["carrier"]),
        carrier_name=str(row["carrier_name"]),
        label=str(row["label"]),
        confidence=Confidence.parse(str(row["confidence"])),
        fixed=money("fixed"),
        rate=to_decimal(rate, field="rate") if rate else None,
        minimum=money("minimum"),
        ship_from=tuple(normalise_country(c, field="ship_from") for c in row["ship_from"]),
        destinations=tuple(normalise_country(c, field="destinations") for c in row["destinations"]),
        valid_from=_day(row.get("valid_from")),
        valid_to=_day(row.get("valid_to")),
        as_of=_day(row.get("as_of")),
        as_of_text=str(row.get("as_of_text") or ""),
        source="; ".join(f"{s['title']} ({s['url']})" for s in cited),
        original_text=" ".join(str(row.get("original_text") or "").split()),
        note=" ".join(str(row.get("note") or "").split()),
    )


def _day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)) if value else None


def get_carrier_fee(carrier: str, *, ship_from: str, destination: str, day: date) -> CarrierFee:
    """The carrier's DDP surcharge for a lane and day; errors name the field ``carrier``.

    An unknown carrier is an :class:`InputError`; a known one without a sourced figure for the
    lane (or at all) a :class:`RuleNotFoundError` asking for your figure.
    """
    pack = load_carrier_pack()
    key = carrier.strip().lower()
    if key in pack.left_out:
        raise RuleNotFoundError(
            f"no DDP fee of {key} is shipped ({pack.left_out[key]}); "
            "supply your figure (--carrier-fee)",
            field="carrier",
        )
    if key not in pack.carriers:
        raise InputError(
            f"unknown carrier {carrier!r}: one of {', '.join(pack.carriers)}, "
            "or give your figure (--carrier-fee)",
            field="carrier",
        )
    return select_carrier_fee(
        pack.fees, carrier=key, ship_from=ship_from, destination=destination, day=day
    )
