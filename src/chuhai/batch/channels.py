"""Sales channels: how goods travel and are sold, the route half of a consignment.

A channel fixes the mode, transport, sale model, who collects tax and the incoterm; the
catalogue gives the goods and the markets give the destination. The named set below covers
the usual ways a Chinese factory or brand sells abroad; any other combination can be written
as ``mode:sale_model:tax_collector:incoterm[:transport]``.

>>> get_channel("courier_b2c_platform").sale_model.value
'b2c_direct'
>>> get_channel("freight:b2b:border:DAP:air").name
'freight:b2b:border:DAP:air'
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, ValidationError

from chuhai.domain.consignment import Incoterm, Mode, SaleModel, TaxCollector, Transport
from chuhai.errors import InputError

__all__ = ["CHANNELS", "Channel", "get_channel"]


class Channel(BaseModel):
    """One way of selling: the route and the sale, without the goods or the destination."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    mode: Mode
    sale_model: SaleModel
    tax_collector: TaxCollector
    incoterm: Incoterm = Incoterm.DDP
    transport: Transport | None = None
    label: str = ""


def _channel(name: str, label: str, *parts: str) -> Channel:
    mode, sale_model, collector, incoterm, *transport = parts
    return Channel(
        name=name,
        label=label,
        mode=Mode(mode),
        sale_model=SaleModel(sale_model),
        tax_collector=TaxCollector(collector),
        incoterm=Incoterm(incoterm),
        transport=Transport(transport[0]) if transport else None,
    )


CHANNELS: dict[str, Channel] = {
    c.name: c
    for c in (
        _channel(
            "courier_b2c_platform",
            "Parcel by courier to a consumer; the marketplace collects VAT/GST (IOSS, LVG, OVR)",
            "courier", "b2c_direct", "platform", "DDP",
        ),
        _channel(
            "courier_b2c_seller",
            "Parcel by courier from the brand's own shop, registered to collect tax at sale",
            "courier", "b2c_direct", "seller", "DDP",
        ),
        _channel(
            "courier_b2c_border",
            "Parcel by courier, duties and taxes paid at the border by the seller (DDP)",
            "courier", "b2c_direct", "border", "DDP",
        ),
        _channel(
            "courier_b2c_dap",
            "Parcel by courier, the buyer pays duties and taxes on delivery (DAP)",
            "courier", "b2c_direct", "border", "DAP",
        ),
        _channel(
            "postal_b2c_platform",
            "Postal parcel to a consumer; the marketplace collects tax at sale",
            "postal", "b2c_direct", "platform", "DDP",
        ),
        _channel(
            "postal_b2c_border",
            "Postal parcel, duties and taxes collected by the post from the buyer (DAP)",
            "postal", "b2c_direct", "border", "DAP",
        ),
        _channel(
            "sea_b2b2c_warehouse",
            "Sea freight in bulk to an overseas warehouse, then sold locally (B2B2C)",
            "freight", "b2b2c_warehouse", "border", "DDP", "sea",
        ),
        _channel(
            "air_b2b2c_warehouse",
            "Air freight in bulk to an overseas warehouse, then sold locally (B2B2C)",
            "freight", "b2b2c_warehouse", "border", "DDP", "air",
        ),
        _channel(
            "sea_b2b",
            "Sea freight to a business buyer (general trade)",
            "freight", "b2b", "border", "DDP", "sea",
        ),
        _channel(
            "air_b2b",
            "Air freight to a business buyer (general trade)",
            "freight", "b2b", "border", "DDP", "air",
        ),
    )
}  # fmt: skip


def get_channel(spec: str) -> Channel:
    """A named channel, or one written as ``mode:sale_model:tax_collector:incoterm[:transport]``."""
    text = spec.strip()
    if text in CHANNELS:
        return CHANNELS[text]
    parts = text.split(":")
    if len(parts) not in (4, 5):
        names = ", ".join(CHANNELS)
        raise InputError(
            f"unknown channel {spec!r}: use one of {names}, "
            "or mode:sale_model:tax_collector:incoterm[:transport]",
            field="channels",
        )
    try:
        return _channel(text, "custom channel", *parts)
    except (ValueError, ValidationError) as exc:
        raise InputError(f"bad channel {spec!r}: {exc}", field="channels") from None
