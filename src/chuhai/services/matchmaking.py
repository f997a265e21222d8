"""Matchmaking: buyer-to-firm suggestions from products, exports, capacity and history; the
meetings and deals that follow; the funnel (suggested -> contacted -> met -> deal).

Staff and admins run it; an enterprise user sees its own firm's matches and funnel; analysts
see the city's funnel only (:mod:`chuhai.services.command_access`). Dates are given by the
caller: nothing here reads the clock.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from chuhai.domain.export_stats import ExportFact
from chuhai.domain.matchmaking import (
    BuyerProfile,
    FirmProfile,
    MatchStage,
    Suggestion,
    funnel,
    suggest,
)
from chuhai.errors import InputError, NotFoundError
from chuhai.services import command_input as read
from chuhai.services.command_access import (
    can_manage_network,
    firm_scope,
    require,
    require_firm_rows,
)
from chuhai.services.command_ports import CommandUnitOfWork
from chuhai.services.command_records import (
    Buyer,
    Deal,
    DealData,
    Match,
    MatchData,
    Meeting,
    MeetingData,
)
from chuhai.services.command_views import record_dict
from chuhai.services.export_stats import region_of, to_fact
from chuhai.services.records import User

__all__ = [
    "advance", "close_match", "describe_matches", "get_funnel", "linked_facts", "list_matches", "record_deal", "record_meeting",
    "save_suggestions", "suggest_for_buyer",
]  # fmt: skip

RUN = "service-centre staff and admins run the matchmaking"


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def _buyer_profile(buyer: Buyer) -> BuyerProfile:
    return BuyerProfile(buyer_id=buyer.id, name=buyer.organisation, country=buyer.country,
                        region=region_of(buyer.country).value, categories=buyer.categories,
                        annual_volume=buyer.annual_volume_units)  # fmt: skip


def _history(uow: CommandUnitOfWork, buyer_id: int) -> dict[int, list[str]]:
    """Per firm, the events it attended together with the buyer ("the 2025 Canton visit")."""
    shared: dict[int, list[str]] = defaultdict(list)
    for event in uow.events.list_all():
        regs = uow.registrations.list_for_event(event.id)
        if not any(r.buyer_id == buyer_id and r.attended for r in regs):
            continue
        for reg in regs:
            if reg.firm_id is not None and reg.attended:
                shared[reg.firm_id].append(event.title)
    return shared


def _firm_profiles(
    uow: CommandUnitOfWork, facts: Sequence[ExportFact], buyer_id: int
) -> list[FirmProfile]:
    latest = max((f.year for f in facts), default=0)
    by_firm: dict[int, list[ExportFact]] = defaultdict(list)
    for fact in facts:
        if fact.firm_id is not None and fact.year == latest:
            by_firm[fact.firm_id].append(fact)
    shared = _history(uow, buyer_id)
    capacities: dict[int, dict[str, int]] = defaultdict(dict)
    for cap in uow.capacities.list_capacities():
        capacities[cap.firm_id][cap.hs_prefix] = cap.annual_units
    pairs = {m.firm_id: m for m in uow.matches.list_matches(buyer_id=buyer_id)}
    meetings = uow.matches.list_meetings([m.id for m in pairs.values()])
    deals = {d.match_id for d in uow.matches.list_deals([m.id for m in pairs.values()])}
    profiles = []
    for firm in uow.firms.list_firms():
        own = by_firm.get(firm.id, [])
        exports: dict[str, int] = defaultdict(int)
        units: dict[str, int] = defaultdict(int)
        for fact in own:
            exports[fact.destination] += fact.value_minor
            for prefix in capacities[firm.id]:
                if _digits(fact.hs_code).startswith(prefix):
                    units[prefix] += fact.quantity
        match = pairs.get(firm.id)
        met = [m.held_on for m in meetings if match and m.match_id == match.id]
        codes = {p.hs_code for p in uow.products.list_for_firm(firm.id)} | {f.hs_code for f in own}
        profiles.append(FirmProfile(
            firm_id=firm.id, name=firm.name, hs_codes=tuple(sorted(codes)), exports=dict(exports),
            regions=frozenset(f.region.value for f in own), capacity=capacities[firm.id],
            exported_units=dict(units), shared_events=tuple(shared.get(firm.id, ())),
            met_before=max(met) if met else None, dealt_before=bool(match and match.id in deals),
        ))  # fmt: skip
    return profiles


def linked_facts(uow: CommandUnitOfWork) -> list[ExportFact]:
    """The export records of workbench firms, as facts (inside ``with uow``)."""
    return [to_fact(line) for line in uow.exports.list_lines(linked=True)]


def suggest_for_buyer(
    uow: CommandUnitOfWork, actor: User | None, *, buyer_id: int, limit: int = 10,
    facts: Sequence[ExportFact] | None = None,
) -> list[Suggestion]:  # fmt: skip
    """The firms to introduce to ``buyer_id``, best first, each explained.

    ``facts`` (from :func:`linked_facts`) spares reloading the exports for many buyers.
    """
    if actor is not None:
        require(can_manage_network(actor), RUN)
    with uow:
        buyer = uow.buyers.get(buyer_id)
        if buyer is None:
            raise NotFoundError(f"no buyer {buyer_id}", field="buyer_id")
        profiles = _firm_profiles(uow, linked_facts(uow) if facts is None else facts, buyer_id)
    return suggest(_buyer_profile(buyer), profiles, limit=limit)


def save_suggestions(
    uow: CommandUnitOfWork, actor: User | None, *, buyer_id: int, on: date, limit: int = 5,
    synthetic: bool = False, facts: Sequence[ExportFact] | None = None,
) -> list[Match]:  # fmt: skip
    """Record the best ``limit`` suggestions as matches (pairs already matched are kept)."""
    found = suggest_for_buyer(uow, actor, buyer_id=buyer_id, limit=limit, facts=facts)
    created = []
    with uow:
        for s in found:
            if uow.matches.get_pair(buyer_id, s.firm_id) is not None:
                continue
            data = MatchData(buyer_id=buyer_id, firm_id=s.firm_id, category=s.category,
                             market=s.market, score=s.score, explanation=s.explanation,
                             reasons=[r.to_dict() for r in s.reasons], suggested_on=on,
                             synthetic=synthetic)  # fmt: skip
            created.append(uow.matches.add(data, actor=actor))
        uow.commit()
    return created


def list_matches(
    uow: CommandUnitOfWork, actor: User, *, firm_id: int | None = None, buyer_id: int | None = None
) -> list[Match]:
    """Matches of a firm (its own users, staff, admins) or of every firm (staff, admins)."""
    if firm_id is None and firm_scope(actor) is not None:
        firm_id = actor.firm_id
    require_firm_rows(actor, firm_id)
    with uow:
        return uow.matches.list_matches(firm_id=firm_id, buyer_id=buyer_id)


def _match(uow: CommandUnitOfWork, match_id: int) -> Match:
    found = uow.matches.get(match_id)
    if found is None:
        raise NotFoundError(f"no match {match_id}", field="match_id")
    return found


def _data(match: Match) -> MatchData:
    return MatchData(**{f.name: getattr(match, f.name) for f in dataclasses.fields(MatchData)})


_DATES = {
    MatchStage.CONTACTED: "contacted_on",
    MatchStage.MET: "met_on",
    MatchStage.DEAL: "deal_on",
}


def _advanced(match: Match, stage: MatchStage, on: date) -> MatchData:
    data = _data(match)
    if on < match.suggested_on:
        raise InputError("a step cannot come before the suggestion", field="date")
    changes: dict[str, Any] = {_DATES[stage]: getattr(match, _DATES[stage]) or on}
    if stage.rank > match.stage.rank:
        changes["stage"] = stage
    for earlier in list(MatchStage)[1 : stage.rank]:  # reaching a stage passes those before it
        changes.setdefault(_DATES[earlier], getattr(match, _DATES[earlier]) or on)
    return dataclasses.replace(data, **changes)


def advance(
    uow: CommandUnitOfWork, actor: User | None, *, match_id: int, stage: str, on: date
) -> Match:
    """Move a match to ``contacted`` (or further) on ``on``."""
    if actor is not None:
        require(can_manage_network(actor), RUN)
    try:
        target = MatchStage(stage)
    except ValueError:
        raise InputError(f"unknown stage {stage!r}", field="stage") from None
    if target is MatchStage.SUGGESTED:
        raise InputError("a match starts as suggested", field="stage")
    with uow:
        changed = uow.matches.update(
            match_id, _advanced(_match(uow, match_id), target, on), actor=actor
        )
        uow.commit()
        return changed


def record_meeting(
    uow: CommandUnitOfWork, actor: User | None, *, match_id: int, values: Mapping[str, object]
) -> Meeting:
    """A meeting of the pair (the match reaches ``met``)."""
    if actor is not None:
        require(can_manage_network(actor), RUN)
    held = read.day(values, "held_on")
    data = MeetingData(match_id=match_id, held_on=held,
                       event_id=read.optional_whole(values, "event_id", minimum=1),
                       notes=read.text(values, "notes", 4000), outcome=read.text(values, "outcome", 200))  # fmt: skip
    with uow:
        match = _match(uow, match_id)
        if data.event_id is not None and uow.events.get(data.event_id) is None:
            raise NotFoundError(f"no event {data.event_id}", field="event_id")
        meeting = uow.matches.add_meeting(data, actor=actor)
        uow.matches.update(match_id, _advanced(match, MatchStage.MET, held), actor=actor)
        uow.commit()
        return meeting


def record_deal(
    uow: CommandUnitOfWork, actor: User | None, *, match_id: int, values: Mapping[str, object]
) -> Deal:
    """A deal of the pair (the match reaches ``deal``)."""
    if actor is not None:
        require(can_manage_network(actor), RUN)
    signed = read.day(values, "signed_on")
    value = read.money(values, "value", required=True)
    if value is None:
        raise InputError("required", field="value")
    data = DealData(match_id=match_id, signed_on=signed, value=value,
                    volume_units=read.optional_whole(values, "volume_units"),
                    notes=read.text(values, "notes", 4000))  # fmt: skip
    with uow:
        match = _match(uow, match_id)
        deal = uow.matches.add_deal(data, actor=actor)
        uow.matches.update(match_id, _advanced(match, MatchStage.DEAL, signed), actor=actor)
        uow.commit()
        return deal


def close_match(uow: CommandUnitOfWork, actor: User, *, match_id: int) -> Match:
    """Stop following a pair; it keeps the stage it reached."""
    require(can_manage_network(actor), RUN)
    with uow:
        data = dataclasses.replace(_data(_match(uow, match_id)), closed=True)
        changed = uow.matches.update(match_id, data, actor=actor)
        uow.commit()
        return changed


def get_funnel(uow: CommandUnitOfWork, actor: User) -> dict[str, Any]:
    """The funnel of the city (centres) or of the actor's firm, with the deals' value."""
    scope = firm_scope(actor)
    with uow:
        matches = uow.matches.list_matches(firm_id=scope)
        deals = uow.matches.list_deals([m.id for m in matches])
    report = funnel([m.stage for m in matches]).to_dict()
    by_currency: dict[str, Any] = defaultdict(lambda: 0)
    for deal in deals:
        by_currency[deal.value.currency] += deal.value.amount
    report.update({
        "scope": "city" if scope is None else "firm", "firm_id": scope,
        "matches": len(matches), "closed": sum(1 for m in matches if m.closed),
        "synthetic": any(m.synthetic for m in matches),
        "deal_value": [{"amount": str(v), "currency": c} for c, v in sorted(by_currency.items())],
    })  # fmt: skip
    return report


def describe_matches(uow: CommandUnitOfWork, matches: Sequence[Match]) -> list[dict[str, Any]]:
    """Matches as dicts with the buyer's and the firm's names, meetings and deals."""
    with uow:
        buyers = {b.id: b for b in uow.buyers.list_all()}
        firms = {f.id: f for f in uow.firms.list_firms()}
        meetings = uow.matches.list_meetings([m.id for m in matches])
        deals = uow.matches.list_deals([m.id for m in matches])
    found = []
    for match in matches:
        buyer, firm = buyers.get(match.buyer_id), firms.get(match.firm_id)
        found.append({
            **record_dict(match),
            "buyer": buyer.organisation if buyer else None, "buyer_country": buyer.country if buyer else None,
            "firm": firm.name if firm else None, "firm_zh": firm.name_zh if firm else None,
            "meetings": [record_dict(m) for m in meetings if m.match_id == match.id],
            "deals": [record_dict(d) for d in deals if d.match_id == match.id],
        })  # fmt: skip
    return found
