"""The command centre's API on SQLite and PostgreSQL: imports (all or nothing), the dashboard,
exposure, the network, matchmaking, livestreams, and who may see and change what."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook
from tests.integration.api_client import TestClient, sign_in

from chuhai.services.command_demo import load_command_demo
from chuhai.services.command_demo_data import DATASET
from chuhai.services.demo_data import FIRMS, DemoLoad
from chuhai.storage.unit_of_work import SqlUnitOfWork

UMBRELLA, SHOES = FIRMS[0][0], FIRMS[2][0]
HEADER = "firm,hs_code,destination,month,trade_mode,value,quantity,unit"
ROWS = [
    f"{UMBRELLA},6601.99,US,2024-03,general,300000.00,10000,pieces",
    f"{UMBRELLA},6601.99,DE,2024-03,9610,100000.00,4000,pieces",
    f"{UMBRELLA},6601.99,US,2023-03,general,250000.00,9000,pieces",
    f"{SHOES},6404.11,US,2024-05,general,500000.00,8000,pairs",
    f"{SHOES},6404.11,RU,2024-05,9810,50000.00,800,pairs",
    "Some Other Exporter (demo),6402.99,PH,2024-06,9610,50000.00,2000,pairs",
]


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _import(client: TestClient, content: bytes, *, name: str = "test-2024", **form: str) -> Any:
    files = {"file": ("exports.csv", content, "text/csv")}
    return client.post("/api/exports/import", files=files, data={"dataset": name, **form})


def _as(client: TestClient, demo: DemoLoad, role: str) -> None:
    client.delete("/api/session")
    sign_in(client, demo, role)


def _firm_id(client: TestClient, name: str) -> int:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with SqlUnitOfWork(factory) as uow:
        firm = uow.firms.get_by_name(name)
    assert firm is not None
    return firm.id


@pytest.fixture
def imported(client: TestClient, demo: DemoLoad) -> DemoLoad:
    sign_in(client, demo, "analyst")
    assert _import(client, _csv(*ROWS)).status_code == 200
    return demo


def test_a_bad_row_rejects_the_file_and_writes_nothing(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "analyst")
    bad = _csv(ROWS[0], f"{UMBRELLA},9999.99,XX,2024-13,air,1.005,-3,pieces", ROWS[1])
    response = _import(client, bad)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_rejected"
    assert {(p["row"], p["field"]) for p in body["problems"]} == {
        (3, "hs_code"), (3, "destination"), (3, "month"), (3, "trade_mode"), (3, "value"),
        (3, "quantity"),
    }  # fmt: skip
    assert client.get("/api/exports/datasets").json() == []
    unknown = _import(client, b"firm,hs_code,colour\nA,6601.99,red\n")
    assert {p["field"] for p in unknown.json()["problems"]} >= {"colour", "destination", "value"}
    assert client.get("/api/exports/dashboard").json()["total"] is None


def test_import_csv_and_excel_then_replace(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "analyst")
    done = _import(client, _csv(*ROWS), synthetic="true")
    assert done.json() == {"dataset": "test-2024", "rows": 6, "replaced": 0, "synthetic": True}
    assert _import(client, _csv(*ROWS)).status_code == 422  # the name is taken
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append([UMBRELLA, "6601.91", "JP", "2024-07", "9710", 12345.5, 300, "pieces"])
    buffer = io.BytesIO()
    book.save(buffer)
    files = {"file": ("x.xlsx", buffer.getvalue(), "application/octet-stream")}
    excel = client.post(
        "/api/exports/import", files=files, data={"dataset": "test-2024", "replace": "true"}
    )
    assert excel.json() == {"dataset": "test-2024", "rows": 1, "replaced": 6, "synthetic": True}
    total = client.get("/api/exports/dashboard").json()["total"]
    assert total["value"] == {"amount": "12345.50", "currency": "CNY"}


@pytest.mark.parametrize("role", ["staff", "enterprise"])
def test_only_analysts_and_admins_import(client: TestClient, demo: DemoLoad, role: str) -> None:
    sign_in(client, demo, role)
    response = _import(client, _csv(*ROWS))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_dashboard_figures_and_scopes(client: TestClient, imported: DemoLoad) -> None:
    city = client.get("/api/exports/dashboard").json()
    assert city["scope"] == "city"
    assert city["year"] == 2024
    assert not city["synthetic"]
    assert city["total"]["value"]["amount"] == "1000000.00"
    assert city["total"]["previous"]["amount"] == "250000.00"
    assert city["total"]["yoy_pct"] == "300.00"
    by_destination = {x["key"]: x["value"]["amount"] for x in city["by_destination"]}
    assert by_destination == {
        "US": "800000.00",
        "DE": "100000.00",
        "RU": "50000.00",
        "PH": "50000.00",
    }
    # shares 80, 10, 5, 5 -> 6400 + 100 + 25 + 25
    assert city["concentration"]["hhi"] == "6550.00"
    assert city["concentration"]["level"] == "high"
    firms = {x["key"]: x["firm_id"] for x in city["by_firm"]}
    assert firms["Some Other Exporter (demo)"] is None
    assert firms[UMBRELLA] is not None

    _as(client, imported, "enterprise")
    own = client.get("/api/exports/dashboard").json()
    assert own["scope"] == "firm"
    assert own["total"]["value"]["amount"] == "400000.00"
    assert [x["key"] for x in own["by_firm"]] == [UMBRELLA]


def test_record_level_rows_are_for_the_firm_and_admins(
    client: TestClient, imported: DemoLoad
) -> None:
    umbrella = _firm_id(client, UMBRELLA)
    shoes = _firm_id(client, SHOES)
    for role in ("analyst", "staff"):
        _as(client, imported, role)
        assert client.get(f"/api/exports/records?firm_id={umbrella}").status_code == 403, role
        assert client.get("/api/exports/dashboard").status_code == 200, role
    _as(client, imported, "enterprise")
    mine = client.get("/api/exports/records").json()
    assert {r["synthetic"] for r in mine} == {False}
    assert {r["firm_id"] for r in mine} == {umbrella}
    assert len(mine) == 3
    assert client.get(f"/api/exports/records?firm_id={shoes}").status_code == 403
    _as(client, imported, "admin")
    assert len(client.get(f"/api/exports/records?firm_id={shoes}").json()) == 2


def test_exposure_under_a_scenario(client: TestClient, imported: DemoLoad) -> None:
    body = client.get("/api/exports/exposure?as_of=2026-11-29&scenario=us-cn-54").json()
    assert body["scenario"]["name"] == "us-cn-54"
    assert body["scenario_date"] == "2027-01-01"
    by = {g["key"]: g for g in body["by_destination"]}
    us_extra = Decimal(by["US"]["extra_duty"]["amount"])
    assert abs(us_extra - Decimal(432_000)) < 1  # 54% of the 800,000 shipped, via USD cents
    assert by["US"]["value_at_risk"]["amount"] == "800000.00"
    assert by["DE"]["extra_duty"]["amount"] == "0.00"
    assert by["RU"]["assessed_pct"] == "0.00"
    assert by["RU"]["not_assessed"] == ["no rule pack for RU"]
    assert body["total"]["value_at_risk_pct"] == "80.00"
    assert set(body["diversification"]) == {"umbrellas", "footwear_sportswear"}
    assert "US" not in {m.get("market") for m in body["diversification"]["umbrellas"]}
    custom = {"name": "us-cn-10", "coverage_to": "2027-07-01", "operations": [{
        "op": "add", "pack": "US", "from": "2027-01-01", "rule": {
            "id": "x10", "kind": "measure", "measure": "cn_extra", "group": "cn_extra",
            "label": "Extra 10%", "expression": "10%", "when": {"origins": ["CN"]}}}]}  # fmt: skip
    posted = client.post("/api/exports/exposure", json={"as_of": "2026-11-29", "scenario": custom})
    assert posted.status_code == 200, posted.text
    assert abs(Decimal(posted.json()["total"]["extra_duty"]["amount"]) - 80_000) < 1
    assert client.get("/api/exports/exposure?as_of=soon").json()["field"] == "as_of"


def _network(client: TestClient) -> dict[str, int]:
    association = client.post(
        "/api/associations", json={"name": "Test Chamber (demo)", "country": "DEU"}
    )
    assert association.status_code == 201, association.text
    buyer = client.post("/api/buyers", json={
        "organisation": "Regen GmbH (demo)", "country": "DE", "categories": ["6601"],
        "annual_volume_units": 2000, "association_id": association.json()["id"]})  # fmt: skip
    assert buyer.status_code == 201, buyer.text
    event = client.post("/api/events", json={"kind": "buyer_visit", "title": "2025 Canton visit",
                                             "starts_on": "2025-04-20", "ends_on": "2025-04-22"})  # fmt: skip
    assert event.status_code == 201, event.text
    return {
        "association": association.json()["id"],
        "buyer": buyer.json()["id"],
        "event": event.json()["id"],
    }


def test_staff_manage_the_network_and_every_write_is_audited(
    client: TestClient, imported: DemoLoad
) -> None:
    _as(client, imported, "staff")
    ids = _network(client)
    changed = client.put(f"/api/buyers/{ids['buyer']}", json={"annual_volume_units": 3000})
    assert changed.json()["annual_volume_units"] == 3000
    assert changed.json()["categories"] == ["6601"]
    assert (
        client.post("/api/buyers", json={"organisation": "X", "country": "Atlantis"}).json()[
            "field"
        ]
        == "country"
    )
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with SqlUnitOfWork(factory) as uow:
        actions = {(e.entity, e.action) for e in uow.audit.list_entries(limit=50)}
    assert {
        ("association", "create"),
        ("buyer", "create"),
        ("buyer", "update"),
        ("event", "create"),
    } <= actions
    for role in ("analyst", "enterprise"):
        _as(client, imported, role)
        assert (
            client.post("/api/associations", json={"name": "N", "country": "PH"}).status_code == 403
        )
        assert client.delete(f"/api/events/{ids['event']}").status_code == 403
    assert client.get("/api/buyers").status_code == 403  # enterprise: buyers are the centres'
    assert client.get("/api/events").status_code == 200
    own, other = _firm_id(client, UMBRELLA), _firm_id(client, SHOES)
    url = f"/api/events/{ids['event']}/registrations"
    assert client.post(url, json={"registered_on": "2025-04-01", "firm_id": own}).status_code == 201
    assert (
        client.post(url, json={"registered_on": "2025-04-01", "firm_id": other}).status_code == 403
    )
    _as(client, imported, "admin")
    assert client.delete(f"/api/associations/{ids['association']}").status_code == 204


def test_matchmaking_suggests_explains_and_counts_the_funnel(
    client: TestClient, imported: DemoLoad
) -> None:
    _as(client, imported, "staff")
    ids = _network(client)
    umbrella = _firm_id(client, UMBRELLA)
    client.put(
        f"/api/firms/{umbrella}/capacities", json={"hs_prefix": "6601", "annual_units": 50000}
    )
    regs = f"/api/events/{ids['event']}/registrations"
    client.post(regs, json={"registered_on": "2025-04-01", "firm_id": umbrella, "attended": True})
    client.post(
        regs, json={"registered_on": "2025-04-01", "buyer_id": ids["buyer"], "attended": True}
    )
    found = client.get(f"/api/buyers/{ids['buyer']}/suggestions").json()
    assert found[0]["firm_id"] == umbrella
    assert found[0]["score"] == 100
    assert found[0]["explanation"] == (
        "Matches: buys HS 6601 (umbrellas) in DE where this firm already exports; volume 2k "
        "units/yr within its capacity (36k units/yr spare); met at the 2025 Canton visit"
    )
    saved = client.post(
        f"/api/buyers/{ids['buyer']}/suggestions", json={"on": "2026-11-01", "limit": 3}
    )
    match = saved.json()[0]
    assert match["stage"] == "suggested"
    assert match["buyer"] == "Regen GmbH (demo)"
    steps = [("stage", {"stage": "contacted", "on": "2026-11-02"}),
             ("meetings", {"held_on": "2026-11-10", "outcome": "samples"}),
             ("deals", {"signed_on": "2026-11-20", "value": "60000.00", "volume_units": 2000})]  # fmt: skip
    for path, body in steps:
        assert client.post(f"/api/matches/{match['id']}/{path}", json=body).status_code in (
            200,
            201,
        )
    funnel = client.get("/api/matches/funnel").json()
    counts = {s["stage"]: s["count"] for s in funnel["stages"]}
    assert counts["suggested"] == len(saved.json())
    assert counts["deal"] == 1
    assert funnel["deal_value"] == [{"amount": "60000.00", "currency": "CNY"}]

    _as(client, imported, "analyst")
    assert client.get("/api/matches").status_code == 403
    assert client.get(f"/api/buyers/{ids['buyer']}/suggestions").status_code == 403
    assert client.get("/api/matches/funnel").json()["stages"][3]["count"] == 1
    _as(client, imported, "enterprise")
    mine = client.get("/api/matches").json()
    assert {m["firm_id"] for m in mine} == {umbrella}
    assert mine[0]["deals"][0]["volume_units"] == 2000
    assert client.post(f"/api/matches/{match['id']}/close").status_code == 403


def test_livestreams_in_prime_time_and_the_weekly_report(
    client: TestClient, imported: DemoLoad
) -> None:
    _as(client, imported, "enterprise")
    own, other = _firm_id(client, UMBRELLA), _firm_id(client, SHOES)
    plan = {
        "firm_id": own,
        "market": "US",
        "week": "2026-11-30",
        "hours": "6",
        "session_minutes": 120,
    }
    created = client.post("/api/livestreams/plan", json=plan).json()
    assert len(created) == 3
    assert all(s["in_prime_time"] for s in created)
    assert created[0]["local_start"] == "2026-11-30T19:00:00-05:00"
    assert created[0]["china_start"] == "2026-12-01T08:00:00+08:00"
    assert client.post("/api/livestreams/plan", json={**plan, "firm_id": other}).status_code == 403
    result = {"status": "done", "viewers": 5000, "orders": 120, "gmv": "24000.00"}
    done = client.put(f"/api/livestreams/{created[0]['id']}", json=result).json()
    assert done["gmv_per_hour"] == {"amount": "12000.00", "currency": "CNY"}
    assert done["orders_per_hour"] == "60.0"

    _as(client, imported, "analyst")
    assert client.get("/api/livestreams?week=2026-11-30").status_code == 403
    report = client.get("/api/livestreams/report?week=2026-11-30&weeks=1").json()
    week = report["weeks"][0]
    assert report["target_hours_per_week"] == 40
    assert week["hours"] == "6.0"
    assert week["hours_done"] == "2.0"
    assert week["by_market"][0]["market"] == "US"
    prime = client.get("/api/livestreams/prime-time?market=DE&date=2026-07-01").json()
    assert prime["china_start"] == "2026-07-02T01:00:00+08:00"


def test_the_demo_totals_75_billion_in_2024_up_6_47_percent(
    client: TestClient, demo: DemoLoad
) -> None:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    loaded = load_command_demo(SqlUnitOfWork(factory))
    assert loaded.associations == 15
    assert loaded.buyers == 40
    assert loaded.events == 10
    assert load_command_demo(SqlUnitOfWork(factory)).export_rows == 0  # loading twice adds nothing
    with SqlUnitOfWork(factory) as uow:
        lines = uow.exports.list_lines()
        dataset = uow.exports.get_dataset_by_name(DATASET)
    assert dataset is not None
    assert dataset.synthetic
    by_year = {y: sum(x.value_minor for x in lines if x.year == y) for y in (2023, 2024)}
    assert by_year[2024] == 75_000_000_000_00
    assert by_year[2023] == round(Decimal(75_000_000_000_00) / Decimal("1.0647"))
    assert round((Decimal(by_year[2024]) / by_year[2023] - 1) * 100, 2) == Decimal("6.47")
    assert len({x.destination for x in lines}) >= 50
    sign_in(client, demo, "analyst")
    board = client.get("/api/exports/dashboard").json()
    assert board["synthetic"] is True
    assert board["datasets"][0]["synthetic"] is True
    assert board["total"]["value"]["amount"] == "75000000000.00"
    assert board["total"]["yoy_pct"] == "6.47"
    industries = [x["key"] for x in board["by_industry"]]
    assert industries[:2] == ["footwear_sportswear", "apparel"]
    assert client.get("/api/matches/funnel").json()["synthetic"] is True
