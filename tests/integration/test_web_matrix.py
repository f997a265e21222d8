"""Market matrix, entry report and rule-pack browser on SQLite and PostgreSQL: the JSON twins,
their pages in both languages, and who may see which firm's figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tests.integration.api_client import TestClient, sign_in

from chuhai.services.demo_data import DemoLoad
from chuhai.services.market_matrix import NO_FREIGHT
from chuhai.web.matrix_pages import NOTES

DAY = "2026-11-29"
QUERY = {"date": DAY, "markets": "PH,DE,TH,US", "freight": "30"}


def _own_product(client: TestClient, sku: str = "UMB-S90") -> tuple[int, int]:
    firm_id: int = client.get("/api/me").json()["user"]["firm_id"]
    product = next(
        p for p in client.get(f"/api/firms/{firm_id}/products").json() if p["sku"] == sku
    )
    return firm_id, product["id"]


def _other_product(client: TestClient, demo: DemoLoad, own: int) -> tuple[int, int]:
    """A product of another firm, found as staff (then signed back in as the enterprise user)."""
    client.delete("/api/session")
    sign_in(client, demo, "staff")
    other = next(f["id"] for f in client.get("/api/firms").json() if f["id"] != own)
    product_id = client.get(f"/api/firms/{other}/products").json()[0]["id"]
    client.delete("/api/session")
    sign_in(client, demo, "enterprise")
    return other, product_id


def _market(matrix: dict[str, Any], code: str) -> dict[str, Any]:
    row: dict[str, Any] = next(m for m in matrix["markets"] if m["market"] == code)
    return row


def test_the_matrix_prices_each_market_and_channel_or_says_why(
    client: TestClient, demo: DemoLoad
) -> None:
    sign_in(client, demo, "enterprise")
    firm_id, product_id = _own_product(client, "UMB-FRM")
    response = client.get(f"/api/firms/{firm_id}/products/{product_id}/markets", params=QUERY)
    assert response.status_code == 200, response.text
    matrix = response.json()
    assert [m["market"] for m in matrix["markets"]] == ["PH", "DE", "TH", "US"]
    assert matrix["query"] == {"markets": ["PH", "DE", "TH", "US"], "date": DAY,
                               "target_margin_pct": "20", "freight": "30",
                               "fee_ranges": "upper"}  # fmt: skip

    own = _market(matrix, "DE")["channels"][0]
    assert own["channel"] == "direct"
    assert own["kind"] == "own_store"
    assert own["price"]["currency"] == "EUR"
    assert Decimal(own["margin_pct"]) >= 20
    assert own["landed_cost"]["amount"] > "0"
    assert set(own["rule_statuses"]) >= {"official", "provisional"}  # the EU handling fee

    thailand = _market(matrix, "TH")  # no MFN line for 6603.20 (umbrella frames) in the TH pack
    assert thailand["channels"] == []
    assert thailand["error"]["code"] == "unknown_hs_code"
    assert thailand["error"]["message"]

    for market in matrix["markets"]:
        for cell in market["channels"]:
            assert (cell["price"] is None) == (cell["error"] is not None)
            if cell["error"] is not None:
                assert cell["error"]["message"], cell  # never a blank
            else:
                assert cell["price"]["amount"] != "0.00", cell  # never a zero

    chart = _market(matrix, "PH")["chart"]
    assert chart["price"]["currency"] == chart["landed_cost"]["currency"] == "CNY"
    assert {"DE", "EU", "PH"} <= set(matrix["pack_versions"])  # US: 6603.20 is too coarse
    assert all(source["licence"] for source in matrix["sources"])


def test_a_cell_has_its_waterfall_and_quote(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    firm_id, product_id = _own_product(client)
    base = f"/api/firms/{firm_id}/products/{product_id}/markets"
    cell = client.get(f"{base}/DE/amazon_de", params=QUERY).json()
    assert cell["platform"] == "Amazon"
    assert cell["waterfall"]["lines"][-1]["code"] == "margin"
    assert cell["quote"]["destination"] == "DE"
    assert cell["price"]["amount"] == cell["waterfall"]["price"]
    assert client.get(f"{base}/DE/shopee_ph", params=QUERY).status_code == 404


def test_bad_input_names_the_field(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    firm_id, product_id = _own_product(client)
    path = f"/api/firms/{firm_id}/products/{product_id}/markets"
    for params, field in (
        ({"date": "29.11.2026"}, "date"),
        ({"target_margin_pct": "120"}, "target_margin_pct"),
        ({"freight": "-1"}, "freight"),
        ({"markets": "ZZ"}, "markets"),
        ({"fee_ranges": "maybe"}, "fee_ranges"),
    ):
        response = client.get(path, params=params)
        assert response.status_code == 422, params
        assert response.json()["field"] == field, response.json()


def test_a_date_outside_the_packs_is_a_reason_not_a_guess(
    client: TestClient, demo: DemoLoad
) -> None:
    sign_in(client, demo, "enterprise")
    firm_id, product_id = _own_product(client)
    path = f"/api/firms/{firm_id}/products/{product_id}/markets"
    matrix = client.get(path, params={"date": "2031-01-01", "markets": "DE"}).json()
    assert matrix["markets"][0]["error"]["code"] == "out_of_coverage"


@pytest.mark.parametrize("suffix", ["markets", "markets/DE/direct", "report"])
def test_an_enterprise_user_cannot_see_another_firms_figures(
    client: TestClient, demo: DemoLoad, suffix: str
) -> None:
    sign_in(client, demo, "enterprise")
    own, _ = _own_product(client)
    other, product_id = _other_product(client, demo, own)
    response = client.get(f"/api/firms/{other}/products/{product_id}/{suffix}", params=QUERY)
    assert response.status_code in (403, 404)
    assert response.json()["code"] in ("forbidden", "not_found")
    page = suffix.replace("report", "report.html")
    assert client.get(f"/firms/{other}/products/{product_id}/{page}").status_code in (403, 404)
    # Their own product id under their own firm is no way round it either.
    assert client.get(f"/api/firms/{own}/products/{product_id}/markets").status_code == 404


def test_staff_see_any_firms_matrix(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "staff")
    firm_id = client.get("/api/firms").json()[1]["id"]
    product_id = client.get(f"/api/firms/{firm_id}/products").json()[0]["id"]
    path = f"/api/firms/{firm_id}/products/{product_id}/markets"
    assert client.get(path, params={**QUERY, "markets": "US"}).status_code == 200


def test_signed_out_is_401(client: TestClient, demo: DemoLoad) -> None:
    assert client.get("/api/firms/1/products/1/markets").status_code == 401
    assert client.get("/api/packs").status_code == 401


def test_the_report_json_twin(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    firm_id, product_id = _own_product(client)
    report = client.get(f"/api/firms/{firm_id}/products/{product_id}/report", params=QUERY).json()
    assert report["date"] == DAY
    assert report["firm"]["is_demo"] is True
    assert [m["market"] for m in report["markets"]] == ["PH", "DE", "TH", "US"]
    germany = next(m for m in report["markets"] if m["market"] == "DE")
    assert any(i["id"] == "eu_ioss_registration" for i in germany["compliance"]["items"])
    assert report["sources"]
    assert all(s["licence"] for s in report["sources"])
    assert report["pack_versions"]["DE"]


def test_pages_render_the_same_figures_in_both_languages(
    client: TestClient, demo: DemoLoad
) -> None:
    sign_in(client, demo, "enterprise")
    firm_id, product_id = _own_product(client, "UMB-FRM")
    api = client.get(f"/api/firms/{firm_id}/products/{product_id}/markets", params=QUERY).json()
    page = f"/firms/{firm_id}/products/{product_id}/markets"
    html = client.get(page, params=QUERY, headers={"accept-language": "zh-CN"}).text
    assert "市场" in html
    assert "<svg" in html
    assert "<script" not in html
    assert "菲律宾" in html
    assert "€" in html
    assert _market(api, "TH")["error"]["message"] in html
    assert "该HS编码没有对应的税则行" in html  # the error's headline in the page's language
    client.get("/lang/en")
    english = client.get(page, params=QUERY).text
    assert "Philippines" in english
    assert "Landed cost" in english
    assert client.get(page, params={"date": "nope"}).status_code == 422
    client.get("/lang/zh_CN")
    no_freight = client.get(page, params={"markets": "US"})
    assert NO_FREIGHT in NOTES
    assert "运费" in no_freight.text
    cell = client.get(f"{page}/DE/direct", params=QUERY)
    assert cell.status_code == 200
    assert "单笔订单利润瀑布" in cell.text


def test_report_html_and_pdf(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    firm_id, product_id = _own_product(client)
    base = f"/firms/{firm_id}/products/{product_id}/report"
    html = client.get(base + ".html", params=QUERY, headers={"accept-language": "zh-CN"})
    assert html.status_code == 200
    assert "市场准入报告" in html.text
    pdf = client.get(base + ".pdf", params={**QUERY, "markets": "PH,DE"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_pack_browser_and_coverage(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "analyst")
    packs = client.get("/api/packs").json()
    assert {"DE", "EU", "PH", "US"} <= {p["code"] for p in packs}
    every = client.get("/api/packs/DEU").json()
    assert every["coverage"]["code"] == "DE"
    assert every["lineage"] == ["DE", "EU"]
    assert every["date"] is None
    on_day = client.get("/api/packs/DE", params={"date": DAY}).json()
    assert 0 < len(on_day["rules"]) <= len(every["rules"])
    assert all(r["source_licence"] for r in on_day["rules"])
    assert client.get("/api/packs/ZZ").status_code == 404
    assert client.get("/api/packs/DE", params={"date": "x"}).json()["field"] == "date"
    page = client.get("/packs", headers={"accept-language": "zh-CN"}).text
    assert "暂定" in page or "估计" in page
    detail = client.get("/packs/DE", params={"date": DAY}, headers={"accept-language": "en"})
    assert detail.status_code == 200
    assert "Rules in force on" in detail.text
