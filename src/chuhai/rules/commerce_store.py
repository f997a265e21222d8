"""The shipped commerce fee pack: platform channels and payment providers as dated fees.

The files under ``chuhai/data/commerce/`` are built by ``tools/build_commerce_pack.py``; their
sources, checksums and readings are in ``SOURCES.md``, ``manifest.json`` and ``readings.yaml``
beside them. They are read once, on first use, and parsed into
:class:`~chuhai.domain.channel_fees.FeeSchedule` s.

>>> schedule = get_fee_schedule("amazon_de")
>>> schedule.platform, channel_markets(schedule)
('Amazon', ('DE',))
>>> "airwallex" in payment_provider_ids()
True
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from importlib.resources import files

from chuhai.domain.channel_fees import Confidence, Fee, FeeKind, FeeSchedule, FeeStatus, Tier
from chuhai.domain.money import Money, to_decimal
from chuhai.errors import InputError, PackError

__all__ = [
    "PAYMENT_FILE",
    "PLATFORM_FILE",
    "channel_markets",
    "get_fee_schedule",
    "load_fee_schedules",
    "load_fee_sources",
    "payment_provider_ids",
    "schedules_from_rows",
]

PLATFORM_FILE = "platform_fees.csv"
PAYMENT_FILE = "payment_fees.csv"
_SOURCES_FILE = "sources.csv"


@functools.cache
def _pack_rows(name: str) -> tuple[dict[str, str], ...]:
    text = files("chuhai").joinpath("data", "commerce", name).read_text(encoding="utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))


@functools.cache
def load_fee_sources() -> dict[str, dict[str, str]]:
    """The pack's source rows (name, site, markets, cited pages...) by ``source_id``."""
    return {row["source_id"]: row for row in _pack_rows(_SOURCES_FILE)}


def _attribution(row: Mapping[str, str]) -> str:
    return f"{row['name']} ({row['site']}): {row['sources']} [{row['source_status']}]"


@functools.cache
def load_fee_schedules() -> dict[str, FeeSchedule]:
    """The commerce fee pack: platform channels and payment providers, by id."""
    sources = {sid: _attribution(row) for sid, row in load_fee_sources().items()}
    schedules = {}
    for name in (PLATFORM_FILE, PAYMENT_FILE):
        schedules.update(schedules_from_rows(_pack_rows(name), sources=sources, file=name))
    return schedules


@functools.cache
def payment_provider_ids() -> frozenset[str]:
    """The ids of the payment and payout providers (the rest are sales channels)."""
    return frozenset(row["channel_id"] for row in _pack_rows(PAYMENT_FILE))


def get_fee_schedule(channel_id: str, *, field: str = "channel") -> FeeSchedule:
    """The schedule of a channel or provider; an unknown id names ``field``."""
    schedules = load_fee_schedules()
    if channel_id not in schedules:
        raise InputError(f"no fee schedule {channel_id!r} in the commerce pack", field=field)
    return schedules[channel_id]


def channel_markets(schedule: FeeSchedule) -> tuple[str, ...]:
    """The markets a channel sells in: its per-market figures and its sources' markets."""
    sources = load_fee_sources()
    found = set(schedule.markets)
    for fee in schedule.fees:
        found.update(sources.get(fee.source_id, {}).get("markets", "").split())
    return tuple(sorted(found))


def schedules_from_rows(
    rows: Iterable[Mapping[str, str]], *, sources: Mapping[str, str], file: str = "fees"
) -> dict[str, FeeSchedule]:
    """Fee schedules by channel id from the rows of a fee pack file (see ``data/commerce``).

    ``sources`` maps a row's ``source_id`` to its attribution text.
    """
    by_channel: dict[str, list[Fee]] = {}
    heads: dict[str, Mapping[str, str]] = {}
    for number, row in enumerate(rows, start=2):
        try:
            fee = _fee_from_row(row, sources)
        except (InputError, KeyError, ValueError) as exc:
            raise PackError(f"bad fee row: {exc}", file=file, row=number) from None
        by_channel.setdefault(row["channel_id"], []).append(fee)
        heads.setdefault(row["channel_id"], row)
    return {
        cid: FeeSchedule(
            channel_id=cid,
            platform=heads[cid]["platform"],
            site=heads[cid]["site"],
            markets=tuple(sorted({m for f in fees for m in f.markets})),
            fees=tuple(fees),
            confidence=Confidence.parse(heads[cid]["confidence"]),
        )
        for cid, fees in by_channel.items()
    }


def _fee_from_row(row: Mapping[str, str], sources: Mapping[str, str]) -> Fee:
    currency = row["currency"] or None

    def amount(key: str) -> Money | None:
        if not row[key]:
            return None
        if currency is None:
            raise InputError(f"{key} without a currency", field=key)
        return Money(row[key], currency)

    low, high = row["rate_min"], row["rate_max"]
    return Fee(
        fee_id=row["fee_id"],
        kind=FeeKind(row["kind"]),
        label=f"{row['platform']}: {row['kind'].replace('_', ' ')} ({row['reading']})",
        status=FeeStatus(row["status"]),
        confidence=Confidence.parse(row["confidence"]),
        rate=to_decimal(row["rate"], field="rate") if row["rate"] else None,
        tiers=_tiers(row["tiers"]),
        fixed=amount("fixed"),
        minimum=amount("minimum"),
        rate_range=(Decimal(low), Decimal(high)) if low and high else None,
        per=row["per"] or "order",
        includes_shipping=_flag(row["includes_shipping"]),
        includes_tax=_flag(row["includes_tax"]),
        currency=currency,
        valid_from=_day(row["valid_from"]),
        valid_to=_day(row["valid_to"]),
        as_of=_day(row["as_of"]),
        as_of_text=row["fee_as_of"],
        source_id=row["source_id"],
        source=sources.get(row["source_id"], row["source_id"]),
        original_text=row["original_text"],
        note="; ".join(x for x in (row["reading"], row["note"]) if x),
        approximate=row["approximate"] == "yes",
        category=row["category"],
        markets=tuple(row["markets"].split()),
        currencies=tuple(row["currencies"].split()),
    )


def _tiers(text: str) -> tuple[Tier, ...]:
    """``"<=15:0.05;<=20:0.10;*:0.17"``; a value ``"0+0.30"`` is a rate plus a fixed amount.

    >>> _tiers("<150:0.136;*:0+0.40")[1]
    Tier(up_to=None, rate=Decimal('0'), fixed=Decimal('0.40'), inclusive=True)
    """
    tiers = []
    for part in filter(None, text.split(";")):
        bound, _, value = part.partition(":")
        rate, _, fixed = value.partition("+")
        inclusive = not (bound.startswith("<") and not bound.startswith("<="))
        up_to = None if bound == "*" else Decimal(bound.lstrip("<="))
        tiers.append(Tier(up_to, Decimal(rate), Decimal(fixed or 0), inclusive))
    return tuple(tiers)


def _flag(text: str) -> bool | None:
    return {"yes": True, "no": False}.get(text)


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None
