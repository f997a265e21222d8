"""Dated fee schedules: selection, refusal of unread figures, and each fee on a sale."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from chuhai.domain.channel_fees import (
    Confidence,
    Fee,
    FeeKind,
    FeeSchedule,
    FeeStatus,
    SaleAmounts,
    Tier,
    calculate_fees,
    resolve_fees,
    user_fee,
)
from chuhai.domain.money import Money
from chuhai.errors import InputError, PackError, RuleNotFoundError
from chuhai.rules.commerce_store import schedules_from_rows

DAY = date(2026, 11, 29)


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def fee(kind: FeeKind = FeeKind.COMMISSION, **extra: Any) -> Fee:
    values: dict[str, Any] = {
        "fee_id": f"test:{kind.value}",
        "kind": kind,
        "label": kind.value,
        "status": FeeStatus.PARSED,
        "confidence": Confidence.MEDIUM,
        "per": "unit" if kind is FeeKind.COMMISSION else "order",
    }
    values.update(extra)
    return Fee(**values)


def one(fees: list[Fee], sale: SaleAmounts) -> Money:
    (result,) = calculate_fees(fees, sale=sale)
    return result.amount


def test_price_tiers_apply_the_band_rate_to_the_whole_price() -> None:
    tiers = (Tier(Decimal(15), Decimal("0.05")), Tier(Decimal(20), Decimal("0.10")))
    tiered = fee(tiers=(*tiers, Tier(None, Decimal("0.17"))), currency="EUR")
    assert one([tiered], SaleAmounts(price=eur("15.00"))) == eur("0.75")
    assert one([tiered], SaleAmounts(price=eur("15.01"))) == eur("1.501")
    assert one([tiered], SaleAmounts(price=eur("24.99"))) == eur("4.2483")


def test_a_tier_list_without_an_open_end_refuses_larger_bases() -> None:
    capped = fee(tiers=(Tier(Decimal(150), Decimal("0.136"), inclusive=False),), currency="USD")
    assert one([capped], SaleAmounts(price=Money("149.99", "USD"))) == Money("20.39864", "USD")
    with pytest.raises(RuleNotFoundError, match="covers only up to 150"):
        calculate_fees([capped], sale=SaleAmounts(price=Money("150", "USD")))


def test_minimum_and_rate_apply_per_unit() -> None:
    commission = fee(rate=Decimal("0.15"), minimum=eur("0.30"), currency="EUR")
    assert one([commission], SaleAmounts(price=eur("1.00"))) == eur("0.30")
    assert one([commission], SaleAmounts(price=eur("3.00"), units=Decimal(3))) == eur("0.90")
    assert one([commission], SaleAmounts(price=eur("30.00"), units=Decimal(3))) == eur("4.50")


def test_commission_base_follows_shipping_and_tax_flags() -> None:
    sale = SaleAmounts(price=eur("23.80"), shipping=eur("4.76"), tax_in_price=eur("4.56"))
    rate = Decimal("0.10")
    assert one([fee(rate=rate)], sale) == eur("2.856")  # unknown: shipping and tax counted in
    assert one([fee(rate=rate, includes_shipping=False)], sale) == eur("2.380")
    assert one([fee(rate=rate, includes_tax=False)], sale) == eur("2.400")


def test_fixed_fees_per_order_and_per_unit() -> None:
    sale = SaleAmounts(price=eur("30"), units=Decimal(3))
    order = fee(FeeKind.ORDER_FEE, fixed=eur("0.35"), currency="EUR")
    unit = fee(FeeKind.UNIT_FEE, fixed=eur("0.20"), currency="EUR", per="unit")
    assert [r.amount for r in calculate_fees([order, unit], sale=sale)] == [
        eur("0.35"),
        eur("0.60"),
    ]


def test_payout_fees_come_after_what_the_platform_keeps() -> None:
    sale = SaleAmounts(price=eur("24.99"), withheld=eur("3.99"))
    fees = [
        fee(FeeKind.WITHDRAWAL, rate=Decimal("0.007")),
        fee(rate=Decimal("0.15")),
        fee(FeeKind.TRANSACTION, rate=Decimal("0.02")),
    ]
    results = calculate_fees(fees, sale=sale)
    assert [r.fee.kind for r in results] == [
        FeeKind.COMMISSION,
        FeeKind.TRANSACTION,
        FeeKind.WITHDRAWAL,
    ]
    payout = eur("24.99") - eur("3.99") - eur("3.7485") - eur("0.4998")
    assert results[2].base == payout
    assert results[2].amount == payout * Decimal("0.007")


def test_unread_figures_cost_nothing_silently_never() -> None:
    unread = fee(status=FeeStatus.UNPARSED, original_text="category-based")
    with pytest.raises(RuleNotFoundError, match="could not be read"):
        calculate_fees([unread], sale=SaleAmounts(price=eur("10")))


def schedule(*fees: Fee) -> FeeSchedule:
    return FeeSchedule("shop_de", "Shop", "shop.de", ("DE",), fees)


def test_resolve_refuses_an_unparsed_commission_until_the_user_gives_it() -> None:
    s = schedule(fee(status=FeeStatus.UNPARSED, original_text="category-based"))
    with pytest.raises(RuleNotFoundError, match="supply the figure"):
        resolve_fees(s, category="umbrellas", as_of=DAY)
    mine = user_fee(FeeKind.COMMISSION, label="my rate", rate="0.12", as_of=DAY, per="unit")
    resolved = resolve_fees(s, category="umbrellas", as_of=DAY, overrides=[mine])
    assert resolved.fees == (mine,)
    assert mine.confidence is Confidence.USER


def test_resolve_ranges_only_at_their_upper_end_when_allowed() -> None:
    s = schedule(
        fee(
            status=FeeStatus.RANGE,
            rate_range=(Decimal("0.10"), Decimal("0.15")),
            original_text="~10-15%",
        )
    )
    with pytest.raises(RuleNotFoundError, match="only a range"):
        resolve_fees(s, category="bags", as_of=DAY)
    (upper,) = resolve_fees(s, category="bags", as_of=DAY, use_range_upper=True).fees
    assert upper.rate == Decimal("0.15")
    assert upper.confidence is Confidence.LOW


def test_resolve_other_fees_become_notes_and_waived_kinds_are_reported() -> None:
    s = schedule(
        fee(rate=Decimal("0.15")),
        fee(FeeKind.OTHER, status=FeeStatus.UNPARSED, original_text="FBA fees"),
        fee(FeeKind.TRANSACTION, status=FeeStatus.UNPARSED, original_text="international fee"),
    )
    with pytest.raises(RuleNotFoundError, match="international fee"):
        resolve_fees(s, category="bags", as_of=DAY)
    resolved = resolve_fees(s, category="bags", as_of=DAY, waive=[FeeKind.TRANSACTION])
    assert [f.kind for f in resolved.fees] == [FeeKind.COMMISSION]
    assert any("FBA fees" in n for n in resolved.notes)
    assert any("waived" in n and "international fee" in n for n in resolved.notes)


def test_a_supply_price_channel_is_refused_for_commission_pricing() -> None:
    s = schedule(fee(status=FeeStatus.NOT_APPLICABLE, original_text="n/a (supply-price model)"))
    with pytest.raises(RuleNotFoundError, match="does not apply"):
        resolve_fees(s, category="bags", as_of=DAY)


def test_dated_figures_are_chosen_by_date() -> None:
    before = fee(rate=Decimal("0.05"), valid_to=date(2024, 9, 2), fee_id="a")
    after = fee(rate=Decimal("0.09"), valid_from=date(2024, 9, 2), fee_id="b")
    s = schedule(before, after)
    assert resolve_fees(s, category="x", as_of=date(2024, 9, 1)).fees == (before,)
    assert resolve_fees(s, category="x", as_of=date(2024, 9, 2)).fees == (after,)
    with pytest.raises(InputError, match="valid_to must come after"):
        fee(valid_from=date(2024, 9, 2), valid_to=date(2024, 9, 2))


def test_a_market_or_currency_figure_beats_the_channel_wide_one() -> None:
    de = fee(rate=Decimal("0.13"), markets=("DE",), fee_id="de")
    pl = fee(rate=Decimal("0.10"), markets=("PL",), fee_id="pl")
    anywhere = fee(rate=Decimal("0.15"), fee_id="any")
    s = schedule(de, pl, anywhere)
    assert resolve_fees(s, category="x", as_of=DAY, market="PL").fees == (pl,)
    assert resolve_fees(s, category="x", as_of=DAY, market="AT").fees == (anywhere,)
    majors = fee(FeeKind.FX_MARKUP, rate=Decimal("0.005"), currencies=("EUR", "USD"))
    others = fee(FeeKind.FX_MARKUP, rate=Decimal("0.01"))
    fx = FeeSchedule("fx", "FX", "", (), (majors, others))
    picked = resolve_fees(fx, category="x", as_of=DAY, currency="EUR", require_commission=False)
    assert picked.fees == (majors,)
    picked = resolve_fees(fx, category="x", as_of=DAY, currency="PHP", require_commission=False)
    assert picked.fees == (others,)


def test_old_figures_are_flagged() -> None:
    old = fee(rate=Decimal("0.15"), as_of=date(2017, 8, 23), as_of_text="2017-08-23")
    notes = resolve_fees(schedule(old), category="x", as_of=DAY).notes
    assert notes == ("commission was last confirmed 2017-08-23",)


def test_converted_moves_fixed_amounts_and_tier_bounds() -> None:
    usd = fee(
        tiers=(Tier(Decimal(15), Decimal("0.05")), Tier(None, Decimal("0.17"))),
        minimum=Money("0.30", "USD"),
        currency="USD",
    )
    in_eur = usd.converted("EUR", rate=Decimal("0.9"))
    assert in_eur.minimum == eur("0.270")
    assert in_eur.tiers[0].up_to == Decimal("13.5")
    assert "converted at 0.9" in in_eur.note


def row(**extra: str) -> dict[str, str]:
    columns = (
        "fee_id channel_id platform site markets category kind status rate rate_min rate_max "
        "tiers fixed minimum currency currencies per includes_shipping includes_tax approximate "
        "valid_from valid_to as_of fee_as_of confidence evidence original_text reading note "
        "source_id"
    )
    base = dict.fromkeys(columns.split(" "), "")
    base.update(
        fee_id="amazon_de:apparel:commission:1",
        channel_id="amazon_de",
        platform="Amazon",
        site="amazon.de (DE)",
        category="apparel",
        kind="commission",
        status="parsed",
        confidence="medium",
        source_id="platforms:5",
        per="unit",
    )
    base.update(extra)
    return base


def test_schedules_from_rows_reads_the_pack_format() -> None:
    rows = [
        row(rate="0.15", minimum="0.30", currency="EUR", valid_to="2025-12-15"),
        row(
            fee_id="amazon_de:apparel:commission:2",
            tiers="<15:0.07;<=20:0.10;*:0.15",
            minimum="0.30",
            currency="EUR",
            valid_from="2025-12-15",
            includes_shipping="yes",
        ),
    ]
    schedules = schedules_from_rows(rows, sources={"platforms:5": "Amazon fee page"})
    (current,) = schedules["amazon_de"].select(category="apparel", as_of=DAY)
    assert current.tiers[0] == Tier(Decimal(15), Decimal("0.07"), inclusive=False)
    assert current.includes_shipping is True
    assert current.source == "Amazon fee page"
    assert one([current], SaleAmounts(price=eur("14.99"))) == eur("1.0493")


def test_a_bad_row_names_the_file_and_row() -> None:
    with pytest.raises(PackError, match=r"file fees.csv, row 2"):
        schedules_from_rows([row(kind="bribe")], sources={}, file="fees.csv")
    with pytest.raises(PackError, match="without a currency"):
        schedules_from_rows([row(fixed="0.30")], sources={})


def test_user_fee_is_usable_and_dated() -> None:
    mine = user_fee(
        FeeKind.PAYMENT, label="Stripe", rate="0.029", fixed=Money("0.30", "USD"), as_of=DAY
    )
    assert mine.usable
    assert (mine.valid_from, mine.currency) == (DAY, "USD")
    assert replace(mine, status=FeeStatus.RANGE).usable is False


def test_a_fixed_fee_takes_its_tier_from_the_order_value() -> None:
    tiers = (
        Tier(Decimal(10), Decimal(0), Decimal("0.30")),
        Tier(None, Decimal(0), Decimal("0.40")),
    )
    order = fee(FeeKind.ORDER_FEE, tiers=tiers, currency="USD")
    assert one([order], SaleAmounts(price=Money("9.99", "USD"))) == Money("0.30", "USD")
    assert one([order], SaleAmounts(price=Money("24.99", "USD"))) == Money("0.40", "USD")


def test_two_commission_figures_for_one_sale_are_refused() -> None:
    s = schedule(fee(rate=Decimal("0.13"), fee_id="a"), fee(rate=Decimal("0.10"), fee_id="b"))
    with pytest.raises(RuleNotFoundError, match="has 2 commission figures"):
        resolve_fees(s, category="x", as_of=DAY)
