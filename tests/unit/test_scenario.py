"""Scenarios add, override or remove rules from a date; the original pack is left alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from chuhai.domain.consignment import parse_consignment
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.quote import ChargeKind
from chuhai.domain.rule_schema import FeeRule, MeasureRule, RegimeRule
from chuhai.domain.scenario import Scenario, apply_scenario
from chuhai.errors import InputError, OutOfCoverage
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.registry import get_pack
from chuhai.rules.scenario_loader import load_scenario, parse_scenario

RATES = load_shipped_rates(max_staleness_days=45)
CN_EXTRA = {
    "id": "cn_extra_54",
    "kind": "measure",
    "measure": "cn_extra",
    "group": "cn_extra",
    "label": "Additional duty on CN origin",
    "expression": "54%",
    "when": {"origins": ["CN"]},
}


def scenario(*operations: dict[str, Any], **fields: Any) -> Scenario:
    return parse_scenario({"name": "test", "operations": list(operations), **fields})


def quote_us(day: str, pack: Any, origin: str = "CN") -> Any:
    data = {
        "destination": "US",
        "ship_from": origin,
        "date": day,
        "currency": "USD",
        "mode": "freight",
        "sale_model": "b2b",
        "lines": [
            {"hs_code": "66019900", "origin": origin, "quantity": "10", "unit_value": "100.00"}
        ],
    }
    return calculate_landed_cost(parse_consignment(data), pack=pack, rates=RATES)


def test_an_added_measure_starts_on_its_date() -> None:
    us = get_pack("US")
    pack = apply_scenario(
        us, scenario({"op": "add", "pack": "US", "from": "2026-12-01", "rule": CN_EXTRA})
    )
    assert not [c for c in quote_us("2026-11-30", pack).charges if c.code == "cn_extra"]
    extra = [c for c in quote_us("2026-12-01", pack).charges if c.code == "cn_extra"]
    assert [c.amount.amount for c in extra] == [Decimal("540.00")]
    assert extra[0].source is not None
    assert extra[0].source.source_id == "scenario:test"
    assert extra[0].status.value == "estimated"


def test_the_original_pack_is_left_alone_and_the_version_names_the_scenario() -> None:
    us = get_pack("US")
    before = len(us.rules)
    pack = apply_scenario(
        us, scenario({"op": "add", "pack": "US", "from": "2026-12-01", "rule": CN_EXTRA})
    )
    assert len(us.rules) == before
    assert len(pack.rules) == before + 1
    assert pack.version.endswith("+test")
    assert quote_us("2026-12-01", pack).pack_versions["US"].endswith("+test")


def test_a_scenario_for_another_market_changes_nothing_here() -> None:
    gb = get_pack("GB")
    pack = apply_scenario(
        gb, scenario({"op": "add", "pack": "US", "from": "2026-12-01", "rule": CN_EXTRA})
    )
    assert pack.rules == gb.rules


def test_override_splits_a_rule_at_the_date() -> None:
    eu_3eur = {"op": "override", "pack": "EU", "rule_id": "eu_ioss_3eur", "from": "2026-09-01"}
    pack = apply_scenario(get_pack("DE"), scenario({**eu_3eur, "set": {"duty": "exempt"}}))
    eu = pack.parent
    assert eu is not None
    regimes = {r.id: r for r in eu.rules if isinstance(r, RegimeRule)}
    assert regimes["eu_ioss_3eur"].valid_to == date(2026, 9, 1)
    changed = regimes["eu_ioss_3eur.test"]
    assert (changed.valid_from, changed.valid_to, changed.duty) == (
        date(2026, 9, 1),
        date(2028, 7, 1),
        "exempt",
    )
    assert changed.subject_key == regimes["eu_ioss_3eur"].subject_key


def test_override_then_quote_removes_the_three_euro_duty() -> None:
    op = {
        "op": "override",
        "pack": "EU",
        "rule_id": "eu_ioss_3eur",
        "from": "2026-09-01",
        "set": {"duty": "exempt"},
    }
    pack = apply_scenario(get_pack("DE"), scenario(op))
    data = {
        "destination": "DE",
        "ship_from": "CN",
        "date": "2026-11-29",
        "currency": "EUR",
        "tax_collector": "platform",
        "lines": [{"hs_code": "66019900", "origin": "CN", "quantity": "1", "unit_value": "20"}],
    }
    q = calculate_landed_cost(parse_consignment(data), pack=pack, rates=RATES)
    assert q.total(ChargeKind.DUTY).amount == 0
    assert q.regimes[0].rule_id == "eu_ioss_3eur.test"


def test_remove_ends_a_rule_and_until_restores_it() -> None:
    op = {
        "op": "remove",
        "pack": "US",
        "rule_id": "us_hmf",
        "from": "2026-01-01",
        "until": "2026-03-01",
    }
    pack = apply_scenario(get_pack("US"), scenario(op))
    fees = [r for r in pack.rules if isinstance(r, FeeRule) and r.code == "hmf"]
    spans = sorted((r.valid_from, r.valid_to) for r in fees)
    assert spans == [(date(1990, 10, 1), date(2026, 1, 1)), (date(2026, 3, 1), None)]


def test_tariff_operation_sets_a_rate_from_a_date() -> None:
    op = {"op": "tariff", "hs": "66019900", "expression": "12%", "from": "2026-12-01"}
    pack = apply_scenario(get_pack("US"), scenario(op))
    mfn = [c for c in quote_us("2026-12-02", pack, origin="GB").charges if c.code == "mfn"]
    assert mfn[0].amount.amount == Decimal("120.00")
    old = [c for c in quote_us("2026-11-30", pack, origin="GB").charges if c.code == "mfn"]
    assert old[0].rate != "12%"


def test_a_tariff_operation_on_a_member_without_a_tariff_is_refused() -> None:
    op = {"op": "tariff", "pack": "DE", "hs": "66019900", "expression": "12%", "from": "2026-12-01"}
    with pytest.raises(InputError, match="holds no tariff"):
        apply_scenario(get_pack("DE"), scenario(op))


def test_coverage_to_lets_a_scenario_quote_beyond_the_pack() -> None:
    add = {"op": "add", "pack": "US", "from": "2027-01-01", "rule": CN_EXTRA}
    with pytest.raises(OutOfCoverage):
        quote_us("2027-02-01", apply_scenario(get_pack("US"), scenario(add)))
    pack = apply_scenario(get_pack("US"), scenario(add, coverage_to="2027-07-01"))
    assert pack.header.coverage_to == date(2027, 7, 1)


def test_unknown_rule_id_names_the_operation() -> None:
    op = {"op": "remove", "pack": "US", "rule_id": "no_such_rule", "from": "2026-01-01"}
    with pytest.raises(InputError, match="no_such_rule") as caught:
        apply_scenario(get_pack("US"), scenario(op))
    assert caught.value.field == "operations.0.rule_id"


def test_a_rule_not_in_force_on_the_date_is_refused() -> None:
    op = {"op": "remove", "pack": "US", "rule_id": "us_ieepa_fentanyl_10", "from": "2026-01-01"}
    with pytest.raises(InputError, match="not in force"):
        apply_scenario(get_pack("US"), scenario(op))


def test_adding_over_a_rule_of_the_same_subject_is_refused() -> None:
    clash = {**CN_EXTRA, "id": "s122_again", "measure": "s122", "subject": "measure:s122"}
    op = {"op": "add", "pack": "US", "from": "2026-03-01", "rule": clash}
    with pytest.raises(InputError, match="overlap"):
        apply_scenario(get_pack("US"), scenario(op))


def test_a_bad_added_rule_names_its_field() -> None:
    bad = {**CN_EXTRA, "expression": 0.54}
    op = {"op": "add", "pack": "US", "from": "2026-12-01", "rule": bad}
    with pytest.raises(InputError) as caught:
        apply_scenario(get_pack("US"), scenario(op))
    assert caught.value.field == "operations.0.rule.measure.expression"


def test_loader_reads_yaml_and_names_the_file_on_error(tmp_path: Path) -> None:
    good = tmp_path / "s.yaml"
    good.write_text(
        "name: eu-3eur-off\n"
        "description: EU EUR 3 per-line duty removed\n"
        "operations:\n"
        "  - {op: override, pack: EU, rule_id: eu_ioss_3eur, from: 2026-07-01,"
        " set: {duty: exempt}}\n",
        encoding="utf-8",
    )
    loaded = load_scenario(good)
    assert loaded.name == "eu-3eur-off"
    assert loaded.operations[0].valid_from == date(2026, 7, 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad Name\noperations: []\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(bad)
    assert caught.value.file == str(bad)
    assert caught.value.field == "name"


def test_until_must_follow_from() -> None:
    op = {
        "op": "remove",
        "pack": "US",
        "rule_id": "us_hmf",
        "from": "2026-03-01",
        "until": "2026-01-01",
    }
    with pytest.raises(InputError, match="not after"):
        apply_scenario(get_pack("US"), scenario(op))


def test_measure_rules_of_the_scenario_keep_pydantic_types() -> None:
    pack = apply_scenario(
        get_pack("US"),
        scenario({"op": "add", "pack": "US", "from": "2026-12-01", "rule": CN_EXTRA}),
    )
    added = [r for r in pack.rules if r.id == "cn_extra_54"]
    assert isinstance(added[0], MeasureRule)
    assert added[0].when.origins == ["CN"]
