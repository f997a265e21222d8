"""Market ranking, platforms, compliance and what-if on SQLite and PostgreSQL: the JSON twins
answer a signed-in user, refuse the signed-out and name the field of a bad question; the
pages render the same answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tests.integration.api_client import TestClient, sign_in

from chuhai.services.demo_data import DemoLoad
from chuhai.web.explore_pages import EXAMPLE_SCENARIO

DAY = "2026-11-29"
SCENARIO = Path(__file__).parents[1] / "fixtures" / "batch" / "scenario_us_cn_54.yaml"
RANK = {"hs": "6601.99", "price": "68", "currency": "CNY", "markets": "PH,US,DE", "date": DAY}
GETS = (
    ("/api/markets/rank", RANK),
    ("/api/platforms", {"market": "PH", "accepts_cn": "1"}),
    ("/api/platforms/match", {"hs": "6601.99", "markets": "PH,US"}),
    ("/api/compliance", {"market": "DE", "hs": "6601.99", "date": DAY}),
)
CONSIGNMENT = {"destination": "US", "ship_from": "CN", "date": "2026-12-02", "currency": "USD",
               "lines": [{"hs_code": "6601.99", "origin": "CN", "quantity": "10",
                          "unit_value": "10", "unit_weight_kg": "0.4"}]}  # fmt: skip


def test_signed_out_is_refused(client: TestClient) -> None:
    for path, params in GETS:
        assert client.get(path, params=params).status_code == 401, path
    body = {"consignment": CONSIGNMENT, "scenario": _scenario()}
    assert client.post("/api/scenarios/quote", json=body).status_code == 401
    assert client.get("/markets", follow_redirects=False).status_code in (302, 303, 401)


def test_each_endpoint_answers_and_its_page_renders(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "analyst")
    answers = {path: client.get(path, params=params) for path, params in GETS}
    for path, response in answers.items():
        assert response.status_code == 200, (path, response.text)
    ranking = answers["/api/markets/rank"].json()
    assert {r["market"] for r in ranking["ranking"]} == {"PH", "US", "DE"}
    assert all(r["explanation"] and r["layers"]["demand"] for r in ranking["ranking"])
    assert all("PH" in site["markets"] or site["global_reach"]
               for site in answers["/api/platforms"].json())  # fmt: skip
    match = answers["/api/platforms/match"].json()
    assert match["matches"]
    assert all(m["explanation"] and m["score"] for m in match["matches"])
    assert {i["kind"] for i in answers["/api/compliance"].json()["items"]} >= {"registration"}

    page = client.get("/markets", params=RANK)
    assert page.status_code == 200
    assert "<svg" in page.text
    assert 'table class="ranking"' in page.text
    for path, params in GETS[1:]:
        assert client.get(path.removeprefix("/api"), params=params).status_code == 200, path
    assert "us-cn-54" in client.get("/scenarios").text


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/markets/rank", {**RANK, "price": "-1"}, "price"),
        ("/api/markets/rank", {**RANK, "markets": "PH,XX"}, "markets"),
        ("/api/markets/rank", {"price": "68"}, "hs"),
        ("/api/platforms/match", {}, "hs"),
        ("/api/compliance", {"hs": "6601.99", "date": "29/11/2026", "market": "DE"}, "date"),
    ],
)
def test_a_bad_question_names_its_field(
    client: TestClient, demo: DemoLoad, path: str, params: dict[str, str], field: str
) -> None:
    sign_in(client, demo, "enterprise")
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_what_if_returns_both_quotes(client: TestClient, demo: DemoLoad) -> None:
    assert yaml.safe_load(EXAMPLE_SCENARIO) == yaml.safe_load(SCENARIO.read_text("utf-8"))
    sign_in(client, demo, "enterprise")
    body = {"consignment": CONSIGNMENT, "scenario": _scenario()}
    response = client.post("/api/scenarios/quote", json=body)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["scenario"]["name"] == "us-cn-54"
    assert result["baseline"]["pack_versions"]["US"].endswith("+us-cn-54") is False
    assert result["with_scenario"]["pack_versions"]["US"].endswith("+us-cn-54")
    before = float(result["baseline"]["totals"]["landed_total"]["amount"])
    assert float(result["with_scenario"]["totals"]["landed_total"]["amount"]) > before

    bad = {**body, "scenario": {"name": "Bad Name!", "operations": body["scenario"]["operations"]}}
    refused = client.post("/api/scenarios/quote", json=bad)
    assert refused.status_code == 422
    assert refused.json()["field"] == "scenario.name"

    form = {"hs_code": "6601.99", "origin": "CN", "unit_value": "10", "currency": "USD",
            "quantity": "10", "destination": "US", "date": "2026-12-02",
            "scenario": EXAMPLE_SCENARIO, "csrf_token": _csrf(client)}  # fmt: skip
    page = client.post("/scenarios", data=form)
    assert page.status_code == 200, page.text
    assert "<svg" in page.text
    assert "+us-cn-54" in page.text
    page = client.post("/scenarios", data={**form, "scenario": "name: ["})
    assert page.status_code == 422
    assert "not valid YAML" in page.text


def _scenario() -> dict[str, object]:
    """The example scenario as JSON carries it (dates as text)."""
    loaded: dict[str, object] = json.loads(
        json.dumps(yaml.safe_load(EXAMPLE_SCENARIO), default=str)
    )
    return loaded


def _csrf(client: TestClient) -> str:
    token: str = client.get("/api/me").json()["csrf_token"]
    return token
