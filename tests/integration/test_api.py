"""The HTTP API on SQLite and PostgreSQL: sessions, firm isolation, products, imports, quotes."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from tests.integration.api_client import TestClient, demo_login, sign_in

from chuhai.services.demo import demo_consignment
from chuhai.services.demo_data import FIRMS, DemoLoad, load_demo_data
from chuhai.storage.unit_of_work import SqlUnitOfWork

PRODUCT = {"sku": "NEW-1", "name": "Mini umbrella", "hs_code": "6601.91", "unit_cost": "19.90"}
HEADER = "sku,name,hs_code,unit_cost,currency,unit_weight_g"


def _own_firm_id(client: TestClient) -> int:
    firm_id: int = client.get("/api/me").json()["user"]["firm_id"]
    return firm_id


def _other_firm_id(client: TestClient, own: int) -> int:
    staff_view = [f["id"] for f in client.get("/api/firms").json()]
    return next(i for i in staff_view if i != own)


def test_sign_in_me_and_sign_out(client: TestClient, demo: DemoLoad) -> None:
    assert client.get("/api/me").status_code == 401
    token = sign_in(client, demo, "staff")
    me = client.get("/api/me").json()
    assert me["user"]["role"] == "staff"
    assert me["csrf_token"] == token
    assert client.delete("/api/session").status_code == 204
    assert client.get("/api/me").status_code == 401


def test_a_wrong_password_is_401_in_the_error_shape(client: TestClient, demo: DemoLoad) -> None:
    email, _ = demo_login(demo, "staff")
    response = client.post("/api/session", json={"email": email, "password": "wrong"})
    assert response.status_code == 401
    body = response.json()
    assert body == {
        "code": "invalid_credentials",
        "message": "wrong e-mail or password",
        "field": "password",
        "row": None,
        "file": None,
    }


def test_the_login_rate_limit_answers_429(client: TestClient, demo: DemoLoad) -> None:
    email, password = demo_login(demo, "analyst")
    for _ in range(5):
        client.post("/api/session", json={"email": email, "password": "wrong"})
    response = client.post("/api/session", json={"email": email, "password": password})
    assert response.status_code == 429
    assert response.json()["code"] == "too_many_attempts"


def test_an_enterprise_user_sees_only_their_own_firm(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "staff")
    everyone = client.get("/api/firms").json()
    assert len(everyone) == len(FIRMS)
    assert all(firm["is_demo"] for firm in everyone)
    client.delete("/api/session")

    sign_in(client, demo, "enterprise")
    own = _own_firm_id(client)
    mine = client.get("/api/firms").json()
    assert [firm["id"] for firm in mine] == [own]
    other = next(firm["id"] for firm in everyone if firm["id"] != own)
    for path in (f"/api/firms/{other}", f"/api/firms/{other}/products"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert response.json()["code"] == "forbidden"
    assert client.post(f"/api/firms/{other}/products", json=PRODUCT).status_code == 403
    assert client.get(f"/api/firms/{own}/products").status_code == 200


def test_product_crud(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    firm = _own_firm_id(client)
    created = client.post(f"/api/firms/{firm}/products", json=PRODUCT)
    assert created.status_code == 201, created.text
    product = created.json()
    assert product["unit_cost"] == {"amount": "19.90", "currency": "CNY"}
    assert product["hs_code"] == "6601.91"
    url = f"/api/firms/{firm}/products/{product['id']}"
    assert client.get(url).json()["sku"] == "NEW-1"
    changed = client.put(url, json={"unit_cost": "21.50", "unit_weight_g": 300})
    assert changed.status_code == 200, changed.text
    assert changed.json()["unit_cost"]["amount"] == "21.50"
    assert changed.json()["name"] == "Mini umbrella"  # untouched fields keep their value
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_writes_need_the_csrf_token(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    firm = _own_firm_id(client)
    del client.headers["X-CSRF-Token"]
    response = client.post(f"/api/firms/{firm}/products", json=PRODUCT)
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_bad_product_input_names_the_field(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    firm = _own_firm_id(client)
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({**PRODUCT, "hs_code": "9999.99"}, 422, "hs_code"),
        ({**PRODUCT, "unit_cost": "1.999"}, 422, "unit_cost"),
        ({**PRODUCT, "unit_cost": 19.9}, 422, "unit_cost"),  # a JSON number is refused
        ({**PRODUCT, "currency": "XXY"}, 422, "currency"),
        ({**PRODUCT, "origin": "Atlantis"}, 422, "origin"),
        ({**PRODUCT, "sku": "UMB-S90"}, 409, "sku"),  # the demo firm's SKU exists
    ]
    for body, status, field in cases:
        response = client.post(f"/api/firms/{firm}/products", json=body)
        assert response.status_code == status, (body, response.text)
        assert response.json()["field"] == field, (body, response.json())


def _count(client: TestClient, firm: int) -> int:
    return len(client.get(f"/api/firms/{firm}/products").json())


def _upload(client: TestClient, firm: int, name: str, content: bytes) -> Any:
    files = {"file": (name, content, "application/octet-stream")}
    return client.post(f"/api/firms/{firm}/products/import", files=files)


def test_csv_import_is_all_or_nothing_with_a_row_report(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    firm = _own_firm_id(client)
    before = _count(client, firm)
    bad = f"{HEADER}\nCSV-1,Umbrella A,6601.99,38.50,CNY,550\nCSV-2,Umbrella B,66,abc,CNY,-1\n"
    response = _upload(client, firm, "catalogue.csv", bad.encode())
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_rejected"
    assert body["file"] == "catalogue.csv"
    problems = {(p["row"], p["field"]) for p in body["problems"]}
    assert problems == {(3, "hs_code"), (3, "unit_cost"), (3, "unit_weight_g")}
    assert _count(client, firm) == before, "nothing was written"

    good = f"{HEADER}\nCSV-1,Umbrella A,6601.99,38.50,CNY,550\nUMB-S90,Stick umbrella,6601.99,40.00,CNY,560\n"
    response = _upload(client, firm, "catalogue.csv", good.encode("utf-8-sig"))
    assert response.status_code == 200, response.text
    assert response.json() == {"created": 1, "updated": 1}
    assert _count(client, firm) == before + 1


def test_csv_import_reads_gb18030_and_rejects_unknown_columns(
    client: TestClient, demo: DemoLoad
) -> None:
    sign_in(client, demo, "enterprise")
    firm = _own_firm_id(client)
    chinese = "sku,name,name_zh,hs_code,unit_cost\nZH-1,Umbrella,晴雨伞,6601.99,12.00\n"
    response = _upload(client, firm, "zh.csv", chinese.encode("gb18030"))
    assert response.status_code == 200, response.text
    product = client.get(f"/api/firms/{firm}/products").json()
    assert "晴雨伞" in [p["name_zh"] for p in product]
    typo = "sku,name,hs code,unit_cost\nX,Y,6601.99,1\n"
    body = _upload(client, firm, "typo.csv", typo.encode()).json()
    assert {(p["row"], p["field"]) for p in body["problems"]} == {(1, "hs code"), (1, "hs_code")}


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_excel_import_is_all_or_nothing(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    firm = _own_firm_id(client)
    before = _count(client, firm)
    header = ["sku", "name", "hs_code", "unit_cost", "unit_weight_g"]
    bad = _xlsx(
        [header, ["XL-1", "Umbrella", "6601.99", 38.5, 550], ["XL-2", "", "6601.99", 10, 1]]
    )
    response = _upload(client, firm, "catalogue.xlsx", bad)
    assert response.status_code == 422
    assert [(p["row"], p["field"]) for p in response.json()["problems"]] == [(3, "name")]
    assert _count(client, firm) == before
    good = _xlsx([header, ["XL-1", "Umbrella", "6601.99", 38.5, 550.0]])
    response = _upload(client, firm, "catalogue.xlsx", good)
    assert response.json() == {"created": 1, "updated": 0}
    stored = [p for p in client.get(f"/api/firms/{firm}/products").json() if p["sku"] == "XL-1"]
    assert stored[0]["unit_cost"] == {"amount": "38.50", "currency": "CNY"}
    assert stored[0]["unit_weight_g"] == 550


def test_a_file_that_is_not_csv_or_excel_is_refused(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    firm = _own_firm_id(client)
    for name, content in (("x.pdf", b"%PDF"), ("x.xlsx", b"not a zip")):
        response = _upload(client, firm, name, content)
        assert response.status_code == 422
        assert response.json()["field"] == "file"


def test_quote_returns_every_charge_with_its_source(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    response = client.post("/api/quote", json=demo_consignment("DE"))
    assert response.status_code == 200, response.text
    quote = response.json()
    assert quote["destination"] == "DE"
    assert quote["charges"], "a German import of umbrellas pays VAT at least"
    assert all(c["source"]["url"].startswith("http") for c in quote["charges"] if c["source"])
    assert quote["totals"]["landed_total"]["currency"] == "EUR"


def test_quote_reads_json_numbers_exactly_and_names_bad_fields(
    client: TestClient, demo: DemoLoad
) -> None:
    sign_in(client, demo, "analyst")
    document = demo_consignment("US")
    document["lines"][0]["unit_value"] = 68.1  # a JSON number: read as Decimal("68.1")
    assert client.post("/api/quote", json=document).status_code == 200
    document["lines"][0]["hs_code"] = "66"
    response = client.post("/api/quote", json=document)
    assert response.status_code == 422
    assert "hs_code" in response.json()["field"]
    assert (
        client.post(
            "/api/quote", content=b"[1, 2", headers={"content-type": "application/json"}
        ).status_code
        == 422
    )


def test_openapi_documents_the_json_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/session",
        "/api/me",
        "/api/firms",
        "/api/firms/{firm_id}",
        "/api/firms/{firm_id}/products",
        "/api/firms/{firm_id}/products/{product_id}",
        "/api/firms/{firm_id}/products/import",
        "/api/quote",
    ):
        assert path in spec["paths"], path
    assert "/firms" not in spec["paths"], "pages stay out of the API schema"
    assert {"FirmCreate", "FirmUpdate", "FirmPublic", "ProductPublic"} <= set(
        spec["components"]["schemas"]
    )
    assert client.get("/api/docs").status_code == 200


def test_unknown_routes_answer_json_under_api_and_a_page_elsewhere(client: TestClient) -> None:
    api = client.get("/api/nothing-here")
    assert api.status_code == 404
    assert api.json()["code"] == "not_found"
    page = client.get("/nothing-here")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")


def test_pages_redirect_to_login_and_show_errors_as_html(
    client: TestClient, demo: DemoLoad
) -> None:
    first = client.get("/firms", follow_redirects=False)
    assert (first.status_code, first.headers["location"]) == (303, "/login?next=/firms")
    sign_in(client, demo, "enterprise")
    own = _own_firm_id(client)
    page = client.get(f"/firms/{own + 1 if own == 1 else 1}")
    assert page.status_code == 403
    assert page.headers["content-type"].startswith("text/html")
    assert "alert" in page.text


def test_language_switch_and_locale_formatting(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "enterprise")
    firm = _own_firm_id(client)
    chinese = client.get(f"/firms/{firm}/products").text
    assert '<html lang="zh-CN">' in chinese
    assert "产品" in chinese
    assert "¥38.50" in chinese
    client.get("/lang/en?next=/", follow_redirects=False)
    english = client.get(f"/firms/{firm}/products").text
    assert '<html lang="en">' in english
    assert "Products" in english
    assert "CN¥38.50" in english
    back = client.get("/lang/zh_CN?next=https://evil.example/", follow_redirects=False)
    assert back.headers["location"] == "/", "no open redirect"


def test_demo_loads_twice_without_duplicates(client: TestClient, demo: DemoLoad) -> None:
    again = load_demo_data(SqlUnitOfWork(client.app.state.session_factory))  # type: ignore[attr-defined]
    assert (again.firms_created, again.products_created) == (0, 0)
    assert demo.products_created == 40
    sign_in(client, again, "staff")  # the new passwords work
    assert len(client.get("/api/firms").json()) == len(FIRMS)
    old_email, old_password = demo_login(demo, "staff")
    response = client.post("/api/session", json={"email": old_email, "password": old_password})
    assert response.status_code == 401, "each load gives fresh passwords"


def _page_token(client: TestClient, path: str) -> str:
    import re

    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match
    return match.group(1)


def test_forms_check_csrf_and_report_bad_rows(client: TestClient, demo: DemoLoad) -> None:
    email, password = demo_login(demo, "enterprise")
    token = _page_token(client, "/login")
    refused = client.post("/login", data={"email": email, "password": password})
    assert refused.status_code == 403, "a form without its CSRF token is refused"
    signed = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert signed.status_code == 303
    firm = _own_firm_id(client)
    page = f"/firms/{firm}/products"
    token = _page_token(client, page)  # rotated at sign-in
    form = {**PRODUCT, "csrf_token": token, "currency": "CNY", "origin": "CN"}
    added = client.post(page, data=form, follow_redirects=False)
    assert (added.status_code, added.headers["location"]) == (303, page)
    again = client.post(page, data=form)
    assert again.status_code == 409
    assert "NEW-1" in again.text
    bad = f"{HEADER}\nOK-1,Fine,6601.99,1.00,CNY,1\nBAD-1,Broken,6601.99,1.00,CNY,heavy\n"
    files = {"file": ("bad.csv", bad.encode(), "text/csv")}
    report = client.post(f"{page}/import", data={"csrf_token": token}, files=files)
    assert report.status_code == 422
    assert "unit_weight_g" in report.text
    assert "<td>3</td>" in report.text
    assert "OK-1" not in client.get(page).text


def test_staff_add_and_edit_a_firm_with_forms(client: TestClient, demo: DemoLoad) -> None:
    sign_in(client, demo, "staff")
    token = _page_token(client, "/firms")
    form = {"csrf_token": token, "name": "Qingyang Kite Co.", "industry": "other", "city": ""}
    added = client.post("/firms", data=form, follow_redirects=False)
    assert added.status_code == 303
    page = added.headers["location"]
    edited = client.post(page, data={**form, "city": "Jinjiang", "contact_email": "not-an-email"})
    assert edited.status_code == 422
    assert 'aria-invalid="true"' in edited.text, "the bad field is marked"
    saved = client.post(page, data={**form, "city": "Jinjiang"}, follow_redirects=False)
    assert saved.status_code == 303
    firm_id = int(page.rsplit("/", 1)[1])
    assert client.get(f"/api/firms/{firm_id}").json()["city"] == "Jinjiang"


def test_the_quote_form_shows_lines_or_the_field_at_fault(
    client: TestClient, demo: DemoLoad
) -> None:
    sign_in(client, demo, "enterprise")
    form = client.get("/quote?hs_code=6601.99&unit_value=38.50")
    assert form.status_code == 200
    assert 'value="6601.99"' in form.text
    token = _page_token(client, "/quote")
    values = {
        "csrf_token": token, "destination": "PH", "hs_code": "6601.99", "origin": "CN",
        "unit_value": "38.50", "currency": "CNY", "quantity": "2", "date": "2026-11-29",
    }  # fmt: skip
    quoted = client.post("/quote", data=values)
    assert quoted.status_code == 200, quoted.text
    assert 'id="result"' in quoted.text
    assert 'class="source"' in quoted.text
    wrong = client.post("/quote", data={**values, "currency": "XYZ"})
    assert wrong.status_code == 422
    assert "XYZ" in wrong.text
