"""The itemised landed-cost engine: a consignment and a rule pack in, an explained quote out.

Order of work: check coverage; value each line on the destination's basis; choose each
line's regime; duties and measures per line; fees; taxes on their bases; the seller's own
costs. Every amount becomes a :class:`Charge` with its base, rate, rule and source.
"""

from __future__ import annotations

from chuhai.domain.consignment import Consignment
from chuhai.domain.context import QuoteContext
from chuhai.domain.conversion import Converter
from chuhai.domain.duties import add_duties
from chuhai.domain.fees import add_fees
from chuhai.domain.fx import FxMethod, FxRates
from chuhai.domain.fx_providers import ChainedRates, UserRate, UserRates
from chuhai.domain.money import Money, quantize
from chuhai.domain.pack import Pack
from chuhai.domain.quote import Charge, ChargeKind, Quote, RegimeUse, ValuedLine
from chuhai.domain.regimes import LineValues, choose_regimes
from chuhai.domain.rule_schema import RegimeRule, Status, ValuationRule
from chuhai.domain.taxes import add_taxes
from chuhai.domain.valuation import value_lines
from chuhai.errors import RuleNotFoundError


def calculate_landed_cost(consignment: Consignment, *, pack: Pack, rates: FxRates) -> Quote:
    """Quote ``consignment`` under ``pack`` with exchange rates from ``rates``.

    Rates the consignment itself supplies (``fx_rates``) take precedence.
    """
    pack.check_coverage(consignment.date)
    header = pack.header
    converter = Converter(
        _with_given_rates(consignment, rates),
        as_of=consignment.date,
        method=FxMethod(header.fx.method),
    )
    ctx = QuoteContext(consignment=consignment, pack=pack, convert=converter)
    for note in header.quote_notes:
        ctx.warn("pack_note", note)
    valued, values, regimes = _value_and_route(ctx)
    add_duties(ctx, valued, regimes)
    fees_in_base = add_fees(ctx, valued, regimes, values)
    add_taxes(ctx, valued, regimes, fees_in_base)
    _add_costs(ctx)
    _warn_fx(ctx)
    return _quote(ctx, valued, regimes)


def _with_given_rates(consignment: Consignment, rates: FxRates) -> FxRates:
    if not consignment.fx_rates:
        return rates
    given = UserRates(
        UserRate(
            base=r.base,
            quote=r.quote,
            rate=r.rate,
            valid_from=consignment.date,
            valid_to=None,
            source_label=r.source_label,
        )
        for r in consignment.fx_rates
    )
    return ChainedRates([given, rates])


def _value_and_route(
    ctx: QuoteContext,
) -> tuple[list[ValuedLine], LineValues, list[RegimeRule]]:
    valuation = _one(ctx, ValuationRule, "customs valuation basis")
    rows = value_lines(ctx.consignment, rule=valuation, currency=ctx.currency, convert=ctx.convert)
    values = LineValues(*(list(column) for column in zip(*rows, strict=True)))
    regimes = choose_regimes(
        ctx.consignment,
        ctx.pack.active(RegimeRule, ctx.as_of),
        values,
        convert=ctx.convert,
        warnings=ctx.warnings,
    )
    ctx.source_of(valuation, "the customs value")
    valued = [
        ValuedLine(
            number=index + 1,
            hs_code=line.hs_code,
            origin=line.origin,
            quantity=line.quantity,
            goods=goods,
            freight=freight,
            insurance=insurance,
            customs_value=customs,
            regime_id=regime.id,
        )
        for index, (line, (goods, freight, insurance, customs), regime) in enumerate(
            zip(ctx.consignment.lines, rows, regimes, strict=True)
        )
    ]
    return valued, values, regimes


def _one(ctx: QuoteContext, kind: type[ValuationRule], what: str) -> ValuationRule:
    found = ctx.pack.active(kind, ctx.as_of)
    if not found:
        raise RuleNotFoundError(f"pack {ctx.pack.code} has no {what} on {ctx.as_of}")
    return found[0]


def _add_costs(ctx: QuoteContext) -> None:
    units = ctx.consignment.units
    for item in ctx.consignment.costs:
        money = Money(item.amount, item.currency or ctx.consignment.currency)
        count = units if item.per == "unit" else 1
        amount = quantize(ctx.convert(money * count, ctx.currency))
        ctx.charges.append(
            Charge(
                kind=ChargeKind.COST,
                code="cost",
                label=item.label,
                amount=amount,
                rate=f"{money} per {item.per}",
                base=None,
                rule_id="user:cost",
                status=Status.OFFICIAL,
                source=None,
                collected_by="seller_cost",
                note="supplied by the user",
            )
        )


def _warn_fx(ctx: QuoteContext) -> None:
    for use in ctx.convert.uses():
        if use.status != "official" and use.source_id != "user":
            ctx.warn(
                "fx_estimated",
                f"{use.base}->{use.quote} rate {use.rate} of {use.rate_date} ({use.source_id}) "
                f"is {use.status}: {use.note}".rstrip(": "),
            )


def _quote(ctx: QuoteContext, valued: list[ValuedLine], regimes: list[RegimeRule]) -> Quote:
    uses = []
    for regime in {r.id: r for r in regimes}.values():
        lines = tuple(v.number for v in valued if v.regime_id == regime.id)
        uses.append(
            RegimeUse(
                rule_id=regime.id,
                label=regime.label,
                lines=lines,
                status=regime.status,
                source=ctx.pack.source(regime.source_id),
            )
        )
    quote = Quote(
        destination=ctx.pack.code,
        as_of=ctx.as_of,
        currency=ctx.currency,
        lines=valued,
        regimes=uses,
        charges=ctx.charges,
        post_entry_freight=quantize(
            ctx.convert(ctx.consignment.charge(ctx.consignment.post_entry_freight), ctx.currency)
        ),
        units=ctx.consignment.units,
        pack_versions=ctx.pack.versions(),
        warnings=ctx.warnings,
        seller_currency=ctx.consignment.currency,
    )
    seller = quantize(ctx.convert(quote.landed_total, ctx.consignment.currency))
    return Quote(**{**quote.__dict__, "fx": ctx.convert.uses(), "landed_total_seller": seller})
