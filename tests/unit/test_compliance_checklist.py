"""The compliance checklist builder on in-memory items (no I/O)."""

from __future__ import annotations

from datetime import date

from chuhai.domain.compliance import (
    ComplianceItem,
    ComplianceSource,
    PackThreshold,
    build_checklist,
    families_for_hs,
)
from chuhai.domain.rule_schema import Status

SOURCE = ComplianceSource(source_id="s", title="t", url="https://example.org/s", publisher="p")


def item(id_: str, **kw: object) -> ComplianceItem:
    data = {"id": id_, "markets": ["EU"], "kind": "registration", "title": id_,
            "requirement": "do it", "source_id": "s", "status": "official",
            "valid_from": date(2020, 1, 1), **kw}  # fmt: skip
    return ComplianceItem.model_validate(data)


ITEMS = [
    item("eu_all"),
    item("eu_textile", kind="labelling", families=["apparel", "umbrellas"]),
    item("eu_food", kind="food_safety", families=["snacks"]),
    item("de_only", markets=["DE"], status="provisional"),
    item("fr_only", markets=["FR"]),
    item("eu_old", valid_to=date(2021, 1, 1)),
    item("eu_b2c", sale_models=["b2c_direct"], pack_rules=["EU:ioss"]),
]
IOSS = PackThreshold("EU:ioss", "IOSS", "up to EUR 150.00", Status.OFFICIAL, "https://x", "x")


def checklist(**kw: object):  # type: ignore[no-untyped-def]
    args = {"market": "DE", "markets": ("DE", "EU"), "families": ("umbrellas",),
            "as_of": date(2026, 11, 29), "sale_model": "b2c_direct",
            "pack_rules": {"EU:ioss": IOSS}, **kw}  # fmt: skip
    return build_checklist(ITEMS, {"s": SOURCE}, **args)  # type: ignore[arg-type]


def test_market_union_family_date_and_sale_model_decide() -> None:
    ids = [e.item.id for e in checklist().entries]
    assert ids == ["de_only", "eu_all", "eu_b2c", "eu_textile"]  # registrations, then labelling
    assert "eu_b2c" not in [e.item.id for e in checklist(sale_model="b2b").entries]
    snacks = [e.item.id for e in checklist(families=("snacks",)).entries]
    assert "eu_food" in snacks
    assert "eu_textile" not in snacks
    assert "eu_old" in [e.item.id for e in checklist(as_of=date(2020, 6, 1)).entries]


def test_pack_thresholds_are_attached_and_counted_by_status() -> None:
    c = checklist()
    entry = next(e for e in c.entries if e.item.id == "eu_b2c")
    assert entry.thresholds == (IOSS,)
    assert entry.url == "https://example.org/s"
    assert c.by_status() == {"official": 3, "provisional": 1}
    assert c.to_dict()["items"][2]["pack_thresholds"][0]["threshold"] == "up to EUR 150.00"


def test_no_family_keeps_only_the_items_for_every_product() -> None:
    c = checklist(families=())
    assert [e.item.id for e in c.entries] == ["de_only", "eu_all", "eu_b2c"]
    assert c.notes


def test_families_for_hs() -> None:
    assert families_for_hs("6601.99") == ("umbrellas",)
    assert families_for_hs("640411") == ("footwear",)
    assert families_for_hs("190590") == ("snacks",)
    assert families_for_hs("961900") == ("hygiene",)
    assert families_for_hs("330499") == ("cosmetics",)
    assert families_for_hs("8517") == ()
