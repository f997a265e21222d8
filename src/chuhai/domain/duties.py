"""Duties per line: the tariff rate (MFN or a claimed preference), a regime's flat or
per-subheading duty, and additional measures with their stacking rules."""

from __future__ import annotations

import functools
from decimal import Decimal

from chuhai.domain.conditions import hs_matches, line_matches
from chuhai.domain.consignment import Line
from chuhai.domain.context import QuoteContext
from chuhai.domain.duty_expression import DutyExpression, parse_duty_expression
from chuhai.domain.money import Money, quantize
from chuhai.domain.quote import Charge, ChargeKind, ValuedLine
from chuhai.domain.rule_schema import MeasureRule, PreferenceRule, RegimeRule
from chuhai.errors import OutOfCoverage, RuleNotFoundError, UnknownHSCodeError


@functools.lru_cache(maxsize=4096)
def expression(text: str) -> DutyExpression:
    return parse_duty_expression(text)


def add_duties(ctx: QuoteContext, valued: list[ValuedLine], regimes: list[RegimeRule]) -> None:
    """Append every duty and measure charge for the consignment to ``ctx.charges``."""
    seen_hs6: set[tuple[str, str]] = set()
    measures = _ordered_measures(ctx.pack.active(MeasureRule, ctx.as_of))
    for line, value, regime in zip(ctx.consignment.lines, valued, regimes, strict=True):
        if regime.duty == "exempt":
            _relief(ctx, value, regime)
            continue
        if regime.duty == "flat":
            _flat(ctx, line, value, regime)
        elif regime.duty == "per_hs6":
            _per_hs6(ctx, value, regime, seen_hs6)
        else:
            _tariff_duty(ctx, line, value, regime)
        if regime.measures == "apply":
            skip = set(regime.per_item_duty.replaces_groups) if regime.per_item_duty else set()
            applicable = [
                m
                for m in measures
                if m.group not in skip and (not m.regimes or regime.id in m.regimes)
            ]
            _measures(ctx, line, value, applicable)
    _per_item_duties(ctx, valued, regimes, measures)


def _ordered_measures(measures: list[MeasureRule]) -> list[MeasureRule]:
    """Measures that refuse to stack on others are decided after those others."""
    return sorted(measures, key=lambda m: bool(m.not_with))


def _relief(ctx: QuoteContext, value: ValuedLine, regime: RegimeRule) -> None:
    ctx.charges.append(
        Charge(
            kind=ChargeKind.DUTY,
            code="relief",
            label=f"Duty relief: {regime.label}",
            amount=ctx.zero(),
            rate="relief",
            base=value.customs_value,
            rule_id=regime.id,
            status=regime.status,
            source=ctx.source_of(regime, regime.label),
            line=value.number,
        )
    )


def _flat(ctx: QuoteContext, line: Line, value: ValuedLine, regime: RegimeRule) -> None:
    text = regime.duty_expression or ""
    amount = _evaluate(ctx, text, line, value.customs_value)
    ctx.charges.append(
        Charge(
            kind=ChargeKind.DUTY,
            code="flat",
            label=regime.label,
            amount=quantize(amount),
            rate=text,
            base=value.customs_value,
            rule_id=regime.id,
            status=regime.status,
            source=ctx.source_of(regime, regime.label),
            line=value.number,
            collected_by=_collector(ctx, regime),
            payer=ctx.payer(_collector(ctx, regime)),
        )
    )


def _per_hs6(
    ctx: QuoteContext, value: ValuedLine, regime: RegimeRule, seen: set[tuple[str, str]]
) -> None:
    key = (regime.id, value.hs_code[:6])
    first = key not in seen
    seen.add(key)
    per = regime.per_hs6_amount or Decimal(0)
    amount = Money(per, ctx.currency) if first else ctx.zero()
    note = "" if first else f"subheading {value.hs_code[:6]} already charged on an earlier line"
    ctx.charges.append(
        Charge(
            kind=ChargeKind.DUTY,
            code="per_subheading",
            label=regime.label,
            amount=amount,
            rate=f"{ctx.currency} {per} per tariff subheading",
            base=None,
            rule_id=regime.id,
            status=regime.status,
            source=ctx.source_of(regime, regime.label),
            line=value.number,
            collected_by=_collector(ctx, regime),
            payer=ctx.payer(_collector(ctx, regime)),
            note=note,
        )
    )


def _collector(ctx: QuoteContext, regime: RegimeRule) -> str:
    return ctx.sale_collector() if regime.tax == "at_sale" else "border"


def _tariff_duty(ctx: QuoteContext, line: Line, value: ValuedLine, regime: RegimeRule) -> None:
    column, note = _column(ctx, line)
    match = ctx.pack.find_duty(line.hs_code, column=column, as_of=ctx.as_of)
    if match is None:
        raise UnknownHSCodeError(
            f"{line.hs_code} has no {column} rate in the {ctx.pack.code} tariff on {ctx.as_of}",
            field=f"lines.{value.number - 1}.hs_code",
        )
    _warn_coarse(ctx, line, match.line.hs, match.how)
    amount = quantize(_evaluate(ctx, match.line.expression, line, value.customs_value))
    if column != "mfn":
        note = _mfn_alternative(ctx, line, value) or note
    ctx.charges.append(
        Charge(
            kind=ChargeKind.DUTY,
            code=column,
            label=f"Import duty ({column.upper()}) {match.line.hs}",
            amount=amount,
            rate=match.line.expression,
            base=value.customs_value,
            rule_id=f"{ctx.pack.tariff_pack().code}:tariff:{column}:{match.line.hs}",
            status=match.line.status,
            source=ctx.source_of(match.line, f"the duty rate of {match.line.hs}"),
            line=value.number,
            collected_by=_collector(ctx, regime),
            payer=ctx.payer(_collector(ctx, regime)),
            note=note,
        )
    )


def _column(ctx: QuoteContext, line: Line) -> tuple[str, str]:
    """The tariff column: a claimed preference where allowed, else MFN (with why)."""
    scheme = line.claim_preference
    if not scheme:
        return "mfn", ""
    for rule in ctx.pack.active(PreferenceRule, ctx.as_of):
        if rule.scheme.lower() != scheme.lower():
            continue
        if line.origin not in rule.origins:
            return "mfn", f"{rule.scheme} not open to origin {line.origin}; MFN applied"
        if rule.sale_models and ctx.consignment.sale_model not in rule.sale_models:
            return "mfn", f"{rule.scheme} not available to {ctx.consignment.sale_model.value}"
        found = ctx.pack.find_duty(line.hs_code, column=rule.scheme, as_of=ctx.as_of)
        if found is None:
            return "mfn", f"no {rule.scheme} rate for {line.hs_code}; MFN applied"
        return rule.scheme, ""
    return "mfn", f"{ctx.pack.code} grants no preference {scheme!r} on {ctx.as_of}; MFN applied"


def _mfn_alternative(ctx: QuoteContext, line: Line, value: ValuedLine) -> str:
    """A note: what the line would pay at MFN. Only a note, so a quantity the MFN rate
    needs but the line lacks says so instead of stopping the preferential quote."""
    mfn = ctx.pack.find_duty(line.hs_code, column="mfn", as_of=ctx.as_of)
    if mfn is None:
        return ""
    missing = sorted(expression(mfn.line.expression).units - set(line.measures()))
    if missing:
        return f"MFN alternative: {mfn.line.expression} (needs quantity in {', '.join(missing)})"
    amount = quantize(_evaluate(ctx, mfn.line.expression, line, value.customs_value))
    return f"MFN alternative: {mfn.line.expression} = {amount}"


def _warn_coarse(ctx: QuoteContext, line: Line, matched: str, how: str) -> None:
    national = ctx.pack.tariff_pack().header.national_digits
    if len(line.hs_code) < national or how != "exact":
        ctx.warn(
            "hs_coarse",
            f"HS {line.hs_code} is coarser than the {national}-digit national line; "
            f"used {matched} ({how}); give the national code to be sure of the rate",
        )


def _evaluate(ctx: QuoteContext, text: str, line: Line, base: Money) -> Money:
    return expression(text).evaluate(value=base, quantities=line.measures(), convert=ctx.convert)


def _measures(
    ctx: QuoteContext, line: Line, value: ValuedLine, measures: list[MeasureRule]
) -> None:
    applied: set[str] = set()
    for rule in measures:
        if not _measure_hits(ctx, rule, line):
            continue
        if applied.intersection(rule.not_with):
            continue
        _refuse_unknown(ctx, rule, line)
        applied.add(rule.group)
        amount = quantize(
            _evaluate(ctx, rule.expression, line, value.customs_value),
            rounding=rule.rounding.mode,
        )
        ctx.charges.append(
            Charge(
                kind=ChargeKind.MEASURE,
                code=rule.measure,
                label=rule.label,
                amount=amount,
                rate=rule.expression,
                base=value.customs_value,
                rule_id=rule.id,
                status=rule.status,
                source=ctx.source_of(rule, rule.label),
                line=value.number,
                payer=ctx.payer("border"),
                note=rule.note,
            )
        )


def _refuse_unknown(ctx: QuoteContext, rule: MeasureRule, line: Line) -> None:
    """A measure whose rate the pack does not know stops the quote instead of costing zero."""
    if rule.expression.strip().lower() == "unknown":
        raise OutOfCoverage(
            f"{rule.label} for origin {line.origin}, code {line.hs_code} on {ctx.as_of} is not "
            f"known to the {ctx.pack.code} pack ({rule.note or rule.id}); supply it as a scenario",
            field="lines.origin",
        )


def _measure_hits(ctx: QuoteContext, rule: MeasureRule, line: Line) -> bool:
    if not line_matches(rule.when, ctx.consignment, line):
        return False
    if hs_matches(line.hs_code, rule.hs_except):
        return False
    if rule.hs_list is not None:
        return _on_list(ctx, rule, line.hs_code)
    return not rule.hs or hs_matches(line.hs_code, rule.hs)


def _on_list(ctx: QuoteContext, rule: MeasureRule, hs_code: str) -> bool:
    codes = ctx.pack.hs_list(rule.hs_list or "")
    width = len(next(iter(codes))) if codes else 8
    if len(hs_code) >= width:
        return hs_code[:width] in codes
    under = [code for code in codes if code.startswith(hs_code)]
    if under:
        ctx.warn(
            "hs_coarse",
            f"{len(under)} national lines under {hs_code} are on {rule.label}; "
            "applied to be safe: give the national code to be sure",
        )
    return bool(under)


def _per_item_duties(
    ctx: QuoteContext,
    valued: list[ValuedLine],
    regimes: list[RegimeRule],
    measures: list[MeasureRule],
) -> None:
    """A regime's specific duty per postal item, sized by the highest origin rate inside."""
    for regime in {r.id: r for r in regimes if r.per_item_duty}.values():
        spec = regime.per_item_duty
        assert spec is not None
        lines = [i for i, r in enumerate(regimes) if r.id == regime.id]
        rate = max(
            _group_rate(ctx, ctx.consignment.lines[i], measures, spec.replaces_groups)
            for i in lines
        )
        bracket = next(b for b in spec.brackets if b.max_rate is None or rate <= b.max_rate)
        amount = quantize(ctx.convert(Money(bracket.amount, spec.currency), ctx.currency))
        ctx.charges.append(
            Charge(
                kind=ChargeKind.MEASURE,
                code="per_item",
                label=f"{regime.label}: specific duty per postal item",
                amount=amount,
                rate=f"{spec.currency} {bracket.amount} per item at an effective rate of {rate:.0%}",
                base=None,
                rule_id=regime.id,
                status=regime.status,
                source=ctx.source_of(regime, regime.label),
                collected_by="post",
                payer=ctx.payer("post"),
                note=f"lines {', '.join(str(valued[i].number) for i in lines)}",
            )
        )


def _group_rate(
    ctx: QuoteContext, line: Line, measures: list[MeasureRule], groups: list[str]
) -> Decimal:
    total = Decimal(0)
    for rule in measures:
        if rule.group in groups and _measure_hits(ctx, rule, line):
            _refuse_unknown(ctx, rule, line)
            rate = expression(rule.expression).ad_valorem_rate
            if rate is None:
                raise RuleNotFoundError(f"{rule.id} has no ad valorem rate to size a postal duty")
            total += rate
    return total
