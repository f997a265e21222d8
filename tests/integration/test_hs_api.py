"""HS suggestions over HTTP: the JSON endpoint, its HTML twin and the product form's button."""

from __future__ import annotations

from tests.integration.api_client import TestClient, sign_in

from chuhai.services.demo_data import DemoLoad


def test_signed_out_is_refused(client: TestClient) -> None:
    assert client.get("/api/hs/suggest", params={"title": "雨伞"}).status_code == 401


def test_suggest_answers_in_json_and_html(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "staff")
    response = client.get("/api/hs/suggest", params={"title": "女士手提包", "limit": 3})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["candidates"][0]["code"].startswith("4202")
    assert len(body["candidates"]) == 3
    assert any(q["id"] == "bag_surface" for q in body["questions"])
    leather = client.get("/api/hs/suggest", params={"title": "真皮女士手提包"}).json()
    assert leather["candidates"][0]["code"] == "420221"  # outer surface of leather
    assert not any(q["id"] == "bag_surface" for q in leather["questions"])  # the title says

    page = client.get("/hs/suggest", params={"title": "女士手提包"})
    assert page.status_code == 200
    assert body["candidates"][0]["dotted"] in page.text
    fragment = client.get("/hs/suggest/fragment", params={"title": "gift"})
    assert "data-hs-use" not in fragment.text
    assert "data-hs-suggestions" in fragment.text


def test_suggest_with_a_market_lists_national_lines(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "staff")
    params = {"title": "女士真皮手提包", "market": "DE", "date": "2026-11-29", "limit": 1}
    body = client.get("/api/hs/suggest", params=params).json()
    (candidate,) = body["candidates"]
    assert body["market"] == "DE"
    assert all(n["code"].startswith(candidate["code"]) for n in candidate["national_lines"])
    assert candidate["national_lines"]
    undated = client.get("/api/hs/suggest", params={"title": "雨伞", "market": "US"})
    assert undated.status_code == 422
    assert undated.json()["field"] == "date"


def test_the_page_lists_national_lines_like_its_json_twin(
    client: TestClient, demo: DemoLoad
) -> None:
    sign_in(client, demo, "staff")
    params = {"title": "men's running shoes, mesh upper, rubber sole", "market": "US",
              "date": "2026-11-29", "limit": 5}  # fmt: skip
    body = client.get("/api/hs/suggest", params=params).json()
    page = client.get("/hs/suggest", params=params, headers={"accept-language": "zh-CN"})
    assert page.status_code == 200
    lines = [n for c in body["candidates"] for n in c["national_lines"]]
    assert lines
    assert all(n["code"] in page.text and n["mfn"] in page.text for n in lines)
    assert "US 在 2026-11-29 的本国税号" in page.text
    undated = client.get("/hs/suggest", params={**params, "date": ""})
    assert undated.status_code == 200
    assert "date" in undated.text  # the problem names the field, the suggestions still show
    assert "6404.11" in undated.text


def test_empty_title_is_a_422_naming_the_field(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "staff")
    response = client.get("/api/hs/suggest", params={"title": " "})
    assert response.status_code == 422
    assert response.json()["field"] == "title"


def test_product_form_offers_suggestions(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "staff")
    firms = client.get("/api/firms").json()
    page = client.get(f"/firms/{firms[0]['id']}/products")
    assert page.status_code == 200
    assert "data-hs-suggest-button" in page.text
    fragment = client.get("/hs/suggest/fragment", params={"title": "雨伞"})
    assert 'data-hs-use="6601.' in fragment.text
