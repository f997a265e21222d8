"""Load the SYNTHETIC command-centre demo (:mod:`chuhai.services.command_demo_data`).

The export dataset ``jinjiang-demo-2023-2024`` is flagged ``synthetic``; its 2024 records sum
to exactly CNY 75,000,000,000.00 and its 2023 records to 75e9 / 1.0647 (rounded to the fen),
so the city grows 6.47% as published. Everything else is generated from one seed: which
exporter ships what to which country in which month and trade mode, the network, matches
and livestreams. Loading twice adds nothing (the dataset marks the demo as loaded).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from chuhai.domain.export_stats import TradeMode
from chuhai.domain.livestream import SessionStatus
from chuhai.domain.money import Money, allocate
from chuhai.services import command_demo_data as demo
from chuhai.services import livestream, matchmaking, network
from chuhai.services.command_ports import CommandUnitOfWork
from chuhai.services.command_records import (
    EventKind,
    ExportDatasetData,
    ExportRecordData,
    FirmCapacityData,
)
from chuhai.services.demo_data import FIRMS

__all__ = ["CommandDemoLoad", "demo_records", "load_command_demo"]

_MODE_WEIGHTS = {TradeMode.GENERAL: 60, TradeMode.B2C_9610: 20, TradeMode.B2B_9710: 12,
                 TradeMode.WAREHOUSE_9810: 14}  # fmt: skip


@dataclass(frozen=True)
class CommandDemoLoad:
    export_rows: int = 0
    associations: int = 0
    buyers: int = 0
    events: int = 0
    matches: int = 0
    sessions: int = 0


@dataclass(frozen=True)
class _Cell:
    exporter: int
    hs_code: str
    unit_value: Decimal
    unit: str
    destination: str
    mode: TradeMode
    weight: int


def _pick(rng: random.Random, weights: dict[str, int], count: int) -> list[str]:
    """``count`` distinct keys drawn in proportion to ``weights`` (in key order, seeded)."""
    left = dict(sorted(weights.items()))
    chosen = []
    for _ in range(min(count, len(left))):
        key = rng.choices(list(left), weights=list(left.values()))[0]
        chosen.append(key)
        del left[key]
    return chosen


def _modes(rng: random.Random, destination: str) -> list[TradeMode]:
    odds = {TradeMode.GENERAL: 0.85, TradeMode.B2B_9710: 0.2,
            TradeMode.B2C_9610: 0.45 if destination in demo.CROSS_BORDER_HEAVY else 0.15,
            TradeMode.WAREHOUSE_9810: 0.35 if destination in demo.WAREHOUSE_MARKETS else 0.08}  # fmt: skip
    found = [mode for mode, p in odds.items() if rng.random() < p]
    return found or [TradeMode.GENERAL]


def _cells(rng: random.Random) -> list[_Cell]:
    # drawn by the square root of their weight (so small markets appear), valued by the weight
    weights = {code: math.isqrt(w[1] * 100) for code, w in demo.DESTINATIONS.items()}
    cells = []
    for index, (_, industry, size, _) in enumerate(demo.EXPORTERS):
        codes = demo.INDUSTRIES[industry][1]
        for destination in _pick(rng, weights, 4 + size // 15):
            picked = [codes[min(int(rng.expovariate(0.8)), len(codes) - 1)]]
            if rng.random() < 0.25:
                picked.append(rng.choice(codes))
            for hs_code, unit_value, unit in dict.fromkeys(picked):
                for mode in _modes(rng, destination):
                    weight = size * _MODE_WEIGHTS[mode] * rng.randint(70, 130)
                    cells.append(
                        _Cell(index, hs_code, Decimal(unit_value), unit, destination, mode, weight)
                    )
    return cells


def _size(destination: str, later: bool) -> int:
    """A destination's value weight in a year."""
    before, after = demo.DESTINATIONS[destination]
    return after if later else before


def _year_records(
    cells: list[_Cell], year: int, later: bool, firm_ids: dict[str, int]
) -> list[ExportRecordData]:
    total = Money(demo.TOTAL_2024 if later else demo.TOTAL_2023, "CNY")
    names = list(demo.INDUSTRIES)
    shares = [demo.INDUSTRIES[name][0][1 if later else 0] for name in names]
    records = []
    for name, industry_total in zip(names, allocate(total, shares), strict=True):
        parts = [(cell, month) for cell in cells if demo.EXPORTERS[cell.exporter][1] == name
                 for month in range(1, 13)]  # fmt: skip
        growth = [100 + demo.EXPORTERS[c.exporter][3] if later else 100 for c, _ in parts]
        noise = random.Random(demo.SEED + year)  # months differ a little, cell by cell
        weights = [c.weight * _size(c.destination, later) * g * demo.SEASONALITY[m - 1] * noise.randint(80, 120)
                   for (c, m), g in zip(parts, growth, strict=True)]  # fmt: skip
        for (cell, month), value in zip(parts, allocate(industry_total, weights), strict=True):
            exporter = demo.EXPORTERS[cell.exporter][0]
            records.append(ExportRecordData(
                exporter=exporter, firm_id=firm_ids.get(exporter), hs_code=cell.hs_code,
                destination=cell.destination, year=year, month=month, trade_mode=cell.mode,
                value=value, quantity=max(1, int(value.amount / cell.unit_value)), unit=cell.unit,
            ))  # fmt: skip
    return records


def demo_records(firm_ids: dict[str, int] | None = None) -> list[ExportRecordData]:
    """The synthetic 2023 and 2024 export records (deterministic: one seed)."""
    cells = _cells(random.Random(demo.SEED))
    ids = firm_ids or {}
    return _year_records(cells, 2023, False, ids) + _year_records(cells, 2024, True, ids)


def load_command_demo(uow: CommandUnitOfWork) -> CommandDemoLoad:
    """Add the command-centre demo unless its dataset is there already."""
    with uow:
        if uow.exports.get_dataset_by_name(demo.DATASET) is not None:
            return CommandDemoLoad()
        firm_ids = {f.name: f.id for f in uow.firms.list_firms()}
        records = demo_records(firm_ids)
        description = "SYNTHETIC demo: calibrated to Jinjiang's published 2024 total and growth"
        dataset = uow.exports.add_dataset(ExportDatasetData(name=demo.DATASET, description=description,
                                          source="chuhai demo generator", synthetic=True), actor=None)  # fmt: skip
        rows = uow.exports.add_records(dataset.id, records, actor=None)
        _capacities(uow, records, firm_ids)
        uow.commit()
    rng = random.Random(demo.SEED + 1)
    associations = _associations(uow, records, firm_ids)
    buyers = _buyers(uow, associations)
    events = _events(uow, rng, firm_ids, buyers)
    matches = _matches(uow, rng, buyers)
    sessions = _livestreams(uow, rng, firm_ids)
    return CommandDemoLoad(rows, len(associations), len(buyers), events, matches, sessions)


def _capacities(
    uow: CommandUnitOfWork, records: list[ExportRecordData], firm_ids: dict[str, int]
) -> None:
    units: dict[tuple[int, str], int] = defaultdict(int)
    for r in records:
        if r.firm_id is not None and r.year == 2024:
            units[(r.firm_id, r.hs_code.replace(".", "")[:4])] += r.quantity
    for index, ((firm_id, prefix), exported) in enumerate(sorted(units.items())):
        capacity = exported * (115 + 5 * (index % 6)) // 100 // 1000 * 1000
        uow.capacities.set_capacity(FirmCapacityData(firm_id=firm_id, hs_prefix=prefix,
                                                     annual_units=capacity), actor=None)  # fmt: skip


def _associations(
    uow: CommandUnitOfWork, records: list[ExportRecordData], firm_ids: dict[str, int]
) -> dict[str, int]:
    exporting: dict[str, set[int]] = defaultdict(set)
    for r in records:
        if r.firm_id is not None:
            exporting[r.destination].add(r.firm_id)
    found = {}
    for name, name_zh, country, city, contact in demo.ASSOCIATIONS:
        values = {
            "name": name, "name_zh": name_zh, "country": country, "city": city,
            "contact_name": f"{contact} (demo)", "contact_email": f"secretariat@{country.lower()}-jinjiang.example",
            "activities": "Trade missions, buyer introductions, market briefings, member networking (synthetic)",
            "member_firm_ids": sorted(exporting.get(country, set()))[:4], "synthetic": True,
        }  # fmt: skip
        found[country] = network.create_record(uow, None, "association", values).id
    return found


def _unit_value(categories: str) -> Decimal:
    first = categories.split(",")[0]
    for _, codes in demo.INDUSTRIES.values():
        for hs_code, value, _ in codes:
            if hs_code.replace(".", "").startswith(first):
                return Decimal(value)
    return Decimal(30)


def _buyers(uow: CommandUnitOfWork, associations: dict[str, int]) -> list[tuple[int, str, str]]:
    found = []
    for organisation, country, city, categories, volume in demo.BUYERS:
        slug = organisation.split(" ")[0].lower().strip("'.")
        values = {
            "organisation": organisation, "country": country, "city": city,
            "contact_name": "Buyer contact (demo)", "contact_email": f"sourcing@{slug}.example",
            "categories": categories, "annual_volume_units": volume,
            "annual_value": str(volume * _unit_value(categories)),
            "association_id": associations.get(country), "synthetic": True,
            "notes": "Synthetic buyer for the demo.",
        }  # fmt: skip
        buyer = network.create_record(uow, None, "buyer", values)
        found.append((buyer.id, country, categories))
    return found


def _invited(
    kind: str, title: str, buyers: list[tuple[int, str, str]], rng: random.Random
) -> list[int]:
    regions = {
        "Middle East": {"AE", "SA", "QA"},
        "Africa": {"NG", "ZA", "KE"},
        "Latin": {"BR", "MX"},
    }
    for word, countries in regions.items():
        if word in title:
            return [b for b, country, _ in buyers if country in countries]
    if "footwear" in title:
        return [b for b, _, cats in buyers if "64" in cats[:2]]
    if kind == "buyer_visit":
        return sorted(rng.sample([b for b, _, _ in buyers], 14))
    return []


def _events(uow: CommandUnitOfWork, rng: random.Random, firm_ids: dict[str, int],
            buyers: list[tuple[int, str, str]]) -> int:  # fmt: skip
    day = date.fromisoformat(demo.DEMO_DAY)
    firms = [firm_ids[name] for name, *_ in FIRMS if name in firm_ids]
    for kind, title, title_zh, first, last, country, city in demo.EVENTS:
        event = network.create_record(uow, None, "event", {
            "kind": kind, "title": title, "title_zh": title_zh, "starts_on": first, "ends_on": last,
            "country": country, "city": city, "capacity": 120, "synthetic": True,
            "description": "Synthetic event for the demo."})  # fmt: skip
        past = event.ends_on < day
        invited = firms if kind != EventKind.SEMINAR else rng.sample(firms, min(4, len(firms)))
        registered = event.starts_on - timedelta(days=21)
        for firm_id in invited:
            network.register(uow, None, event_id=event.id, registered_on=registered, firm_id=firm_id,
                             attended=(rng.random() < 0.8) if past else None)  # fmt: skip
        for buyer_id in _invited(kind, title, buyers, rng):
            network.register(uow, None, event_id=event.id, registered_on=registered, buyer_id=buyer_id,
                             attended=(rng.random() < 0.75) if past else None)  # fmt: skip
    return len(demo.EVENTS)


def _matches(uow: CommandUnitOfWork, rng: random.Random, buyers: list[tuple[int, str, str]]) -> int:
    count = 0
    with uow:
        facts = matchmaking.linked_facts(uow)
    for index, (buyer_id, _, categories) in enumerate(buyers):
        suggested = date(2025, 5, 1) + timedelta(days=9 * index)
        for match in matchmaking.save_suggestions(uow, None, buyer_id=buyer_id, on=suggested, limit=2,
                                                  synthetic=True, facts=facts):  # fmt: skip
            count += 1
            if rng.random() < 0.3:
                continue
            matchmaking.advance(
                uow, None, match_id=match.id, stage="contacted", on=suggested + timedelta(days=7)
            )
            if rng.random() < 0.45:
                continue
            met = suggested + timedelta(days=30)
            matchmaking.record_meeting(uow, None, match_id=match.id, values={
                "held_on": met.isoformat(), "outcome": "samples requested (synthetic)"})  # fmt: skip
            if rng.random() < 0.55:
                continue
            volume = next(v for o, _, _, c, v in demo.BUYERS if c == categories) // 4
            matchmaking.record_deal(uow, None, match_id=match.id, values={
                "signed_on": (met + timedelta(days=40)).isoformat(), "volume_units": volume,
                "value": str(volume * _unit_value(categories)), "notes": "first order (synthetic)"})  # fmt: skip
    return count


def _livestreams(uow: CommandUnitOfWork, rng: random.Random, firm_ids: dict[str, int]) -> int:
    count = 0
    for week in demo.LIVESTREAM_WEEKS:
        monday = date.fromisoformat(week)
        done = week != demo.LIVESTREAM_WEEKS[-1]
        for firm_index, market, hours, platform in demo.LIVESTREAMS:
            firm_id = firm_ids.get(FIRMS[firm_index][0])
            if firm_id is None:
                continue
            planned = livestream.plan_sessions(uow, None, firm_id=firm_id, market=market, monday=monday,
                                               hours=Decimal(hours), platform=platform, synthetic=True)  # fmt: skip
            count += len(planned)
            if done:
                _record_results(uow, rng, [s.id for s in planned])
    return count


def _record_results(uow: CommandUnitOfWork, rng: random.Random, session_ids: list[int]) -> None:
    with uow:
        for session_id in session_ids:
            session = uow.livestreams.get(session_id)
            assert session is not None
            viewers = rng.randint(800, 6000) * session.minutes // 60
            orders = viewers * rng.randint(15, 40) // 1000
            gmv = Money(orders * rng.randint(80, 220), "CNY")
            data = livestream.parse_session({
                "firm_id": session.firm_id, "market": session.market, "starts_at": session.starts_at.isoformat(),
                "minutes": session.minutes, "time_zone": session.time_zone, "platform": session.platform,
                "status": SessionStatus.DONE.value, "viewers": viewers, "orders": orders,
                "gmv": str(gmv.amount), "synthetic": True})  # fmt: skip
            uow.livestreams.update(session_id, data, actor=None)
        uow.commit()
