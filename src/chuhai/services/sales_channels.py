"""Sales channels (a market, a channel of the fee pack or a direct store, and how orders go)
from command-line options or a YAML/JSON channels document.

Keys: ``market``, ``channel``, ``freight`` (``"45 CNY"``), ``providers``, ``units``,
``incoterm``, ``tax_inclusive``, ``tax_collector``, ``mode``, ``ship_from``,
``shipping_charged``, ``cac``, ``return_rate_pct``, ``return_cost``, ``fees``
(``{commission: "0.09"}``), ``waive``, ``use_range_upper``, ``carrier``, ``carrier_fee`` and
``fx_buffer_pct``; see docs/cli.md. Amounts without a currency are in the market's currency.
A channel's own ``fx_buffer_pct`` beats the buffers given for its currency or for all.

>>> ch = channel_from_dict({"market": "DEU", "channel": "amazon_de", "freight": "45 CNY"},
...                        as_of=date(2026, 11, 29))
>>> ch.market, ch.currency, ch.freight, ch.shows_tax
('DE', 'EUR', Money('45', 'CNY'), True)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from chuhai.domain.consignment import Incoterm, Mode, TaxCollector
from chuhai.domain.countries import normalise_country
from chuhai.domain.margin import Returns
from chuhai.domain.money import Money
from chuhai.errors import InputError
from chuhai.rules.commerce_store import get_fee_schedule
from chuhai.rules.registry import get_pack
from chuhai.services.pricing import DIRECT, SalesChannel
from chuhai.services.pricing_input import (
    as_text,
    fx_buffer_for,
    parse_carrier_fee,
    parse_decimal,
    parse_fee_kind,
    parse_fee_overrides,
    parse_fx_buffers,
    parse_money,
)

__all__ = ["channel_from_dict", "channels_from_document"]

E = TypeVar("E", bound=enum.StrEnum)


def _flag(value: object, *, field: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = as_text(value).lower()
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0"):
        return False
    raise InputError(f"write yes or no, not {value!r}", field=field)


def _choice(enum_type: type[E], value: object, *, field: str) -> E:
    text = as_text(value)
    for member in enum_type:
        if member.value.lower() == text.lower():
            return member
    options = ", ".join(member.value for member in enum_type)
    raise InputError(f"one of {options}, not {value!r}", field=field)


def _list(value: object) -> list[str]:
    """A YAML list or a text of names separated by spaces or commas."""
    if isinstance(value, list | tuple):
        return [as_text(item) for item in value]
    return as_text(value).replace(",", " ").split()


def channel_from_dict(
    values: Mapping[str, Any],
    *,
    as_of: date,
    where: str = "",
    fx_buffers: Mapping[str, Decimal] | None = None,
) -> SalesChannel:
    """A market and channel with its freight, providers and options; fields as in docs/cli.md.

    ``where`` prefixes every field an error names (``channels.0.``); ``fx_buffers`` (fractions
    by currency, ``"*"`` for all) apply unless the channel sets its own ``fx_buffer_pct``.
    """

    def name(key: str) -> str:
        return f"{where}{key}"

    try:
        market = normalise_country(as_text(values.get("market")), field=name("market"))
    except InputError as exc:
        raise InputError(exc.message, field=name("market")) from None
    currency = get_pack(market).header.currency
    channel_id = as_text(values.get("channel")).lower()
    if not channel_id:
        raise InputError("give a channel of the fee pack or 'direct'", field=name("channel"))
    if channel_id != DIRECT:
        get_fee_schedule(channel_id, field=name("channel"))
    providers = tuple(as_text(p).lower() for p in _list(values.get("providers")))
    for provider in providers:
        get_fee_schedule(provider, field=name("providers"))
    units = parse_decimal(values.get("units") or 1, field=name("units"))
    if units <= 0 or units != units.to_integral_value():
        raise InputError(
            f"units per order must be a whole number above 0, not {units}", field=name("units")
        )
    freight = values.get("freight")
    money_in = {"currency": currency}
    carrier = as_text(values.get("carrier")).lower() or None
    own = parse_fx_buffers(values.get("fx_buffer_pct"), field=name("fx_buffer_pct"))
    carrier_fee = values.get("carrier_fee")
    return SalesChannel(
        market=market,
        channel_id=channel_id,
        freight=parse_money(freight, field=name("freight"))
        if as_text(freight)
        else Money.zero(currency),
        units=units,
        providers=providers,
        ship_from=normalise_country(
            as_text(values.get("ship_from")) or "CN", field=name("ship_from")
        ),
        mode=_choice(Mode, values.get("mode") or "courier", field=name("mode")),
        incoterm=_choice(Incoterm, values.get("incoterm") or "DDP", field=name("incoterm")),
        tax_collector=_choice(
            TaxCollector, values.get("tax_collector") or "platform", field=name("tax_collector")
        ),
        tax_inclusive=_flag(values.get("tax_inclusive"), field=name("tax_inclusive")),
        shipping_charged=_optional_money(
            values.get("shipping_charged"), field=name("shipping_charged"), **money_in
        ),
        returns=_returns(values, currency=currency, where=where),
        cac=_optional_money(values.get("cac"), field=name("cac"), **money_in),
        fee_overrides=parse_fee_overrides(values.get("fees") or {}, as_of=as_of),
        waive=tuple(parse_fee_kind(k, field=name("waive")) for k in _list(values.get("waive"))),
        use_range_upper=bool(_flag(values.get("use_range_upper"), field=name("use_range_upper"))),
        carrier=carrier,
        carrier_fee=parse_carrier_fee(
            carrier_fee, carrier=carrier, as_of=as_of, field=name("carrier_fee")
        )
        if as_text(carrier_fee)
        else None,
        fx_buffer=fx_buffer_for(own or fx_buffers or {}, currency),
    )


def _optional_money(value: object, *, field: str, currency: str) -> Money | None:
    return parse_money(value, field=field, currency=currency) if as_text(value) else None


def _returns(values: Mapping[str, Any], *, currency: str, where: str) -> Returns | None:
    pct, cost = values.get("return_rate_pct"), values.get("return_cost")
    if not as_text(pct):
        if as_text(cost):
            raise InputError("a return cost needs a return rate", field=f"{where}return_rate_pct")
        return None
    rate = parse_decimal(pct, field=f"{where}return_rate_pct") / 100
    if not 0 <= rate <= 1:
        raise InputError(
            "a return rate lies between 0 and 100 percent", field=f"{where}return_rate_pct"
        )
    zero = Money.zero(currency)
    money = _optional_money(cost, field=f"{where}return_cost", currency=currency) or zero
    return Returns(rate=rate, return_cost=money)


def channels_from_document(
    data: Any,
    *,
    as_of: date,
    file: str | None = None,
    fx_buffers: Mapping[str, Decimal] | None = None,
) -> list[SalesChannel]:
    """Channels from a YAML/JSON document: a list, or a mapping with a ``channels`` list.

    A mapping's ``fx_buffer_pct`` (a number, or percent by currency) applies to its channels;
    ``fx_buffers`` (from the command line) win over it for the currencies they name.
    """
    items = data.get("channels") if isinstance(data, Mapping) else data
    if not isinstance(items, list) or not items:
        raise InputError("list the channels under 'channels:'", field="channels", file=file)
    top = data.get("fx_buffer_pct") if isinstance(data, Mapping) else None
    try:
        buffers = {**parse_fx_buffers(top), **(fx_buffers or {})}
    except InputError as exc:
        exc.file = file
        raise
    channels = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise InputError(
                "a channel is a mapping (market, channel, ...)",
                field=f"channels.{index}",
                file=file,
            )
        try:
            channels.append(
                channel_from_dict(item, as_of=as_of, where=f"channels.{index}.", fx_buffers=buffers)
            )
        except InputError as exc:
            exc.file = file
            raise
    return channels
