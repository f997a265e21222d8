"""A product's markets and its entry report as a user meets them, in Chromium.

Reuses the ``chuhai serve --demo`` server and the browser of ``test_web.py``. Screenshots go
to /tmp/chuhai-matrix-*.png, the PDFs to /tmp/chuhai-report-*.pdf and, where ``pdftoppm``
(poppler-utils) is installed, their first pages to /tmp/chuhai-report-*-1.png.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.e2e.test_web import NEEDS_BROWSER, Server, _sign_in, browser, server

__all__ = ["browser", "server"]  # the fixtures, shared with test_web.py

pytestmark = NEEDS_BROWSER
PRICE = re.compile(r"\d[\d,]*(\.\d+)?")


def _save_pdf(body: bytes, name: str) -> None:
    path = Path(f"/tmp/chuhai-report-{name}.pdf")
    path.write_bytes(body)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(path), str(path.with_suffix("")) + "-1"], check=True)  # fmt: skip


def test_product_markets_chart_and_pdf_report(server: Server, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    _sign_in(page, server, "enterprise")

    page.locator("nav a", has_text="产品").click()
    page.locator("tr", has_text="UMB-S90").locator("a.markets").click()
    expect(page.locator("h1")).to_contain_text("市场与渠道")
    expect(page.locator("#chart svg")).to_be_visible(timeout=30_000)
    priced = page.locator("table.matrix tr.priced")
    expect(priced.first).to_be_visible()
    assert priced.count() >= 1
    assert PRICE.search(priced.first.locator("td.price").inner_text())
    expect(page.locator("table.matrix")).to_contain_text("菲律宾")
    expect(page.locator("#status-legend")).to_contain_text("暂定")
    page.screenshot(path="/tmp/chuhai-matrix-zh.png", full_page=True)
    pdf_zh = page.request.get(server.url + (page.locator("#pdf-link").get_attribute("href") or ""))
    assert pdf_zh.headers["content-type"] == "application/pdf"
    _save_pdf(pdf_zh.body(), "zh")

    page.click("a[href^='/lang/en']")
    expect(page.locator("h1")).to_contain_text("Markets and channels")
    expect(page.locator("table.matrix")).to_contain_text("Philippines")
    page.screenshot(path="/tmp/chuhai-matrix-en.png", full_page=True)

    href = page.locator("#pdf-link").get_attribute("href")
    assert href is not None
    assert ".pdf" in href
    pdf = page.request.get(server.url + href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    _save_pdf(pdf.body(), "en")

    page.locator("a", has_text="Market entry report").click()
    expect(page.locator("#compliance")).to_contain_text("What each market asks of the seller")
    expect(page.locator("#sources a").first).to_have_attribute("href", re.compile("^https?://"))
    page.screenshot(path="/tmp/chuhai-report-page-en.png", full_page=True)
    page.go_back()

    # A price opens its waterfall and itemised quote.
    page.locator("table.matrix tr.priced td.price a").first.click()
    expect(page.locator("#waterfall")).to_contain_text("Contribution margin")
    page.screenshot(path="/tmp/chuhai-cell-en.png", full_page=True)
    expect(page.locator("#result a.source").first).to_have_attribute(
        "href", re.compile("^https?://")
    )
    page.close()


def test_rule_packs_show_status_and_sources(server: Server, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(locale="en-GB", viewport={"width": 1366, "height": 900})
    _sign_in(page, server, "analyst")
    page.locator("nav a", has_text="Rule packs").click()
    expect(page.locator("table.coverage")).to_contain_text("Philippines")
    page.screenshot(path="/tmp/chuhai-packs-en.png", full_page=True)
    page.locator("#pack-DE a").click()
    page.fill("input[name=date]", "2026-11-29")
    page.click("form.inline-form button[type=submit]")
    expect(page.locator("#rules h2")).to_contain_text("Rules in force on")
    expect(page.locator("#rules .status.provisional").first).to_be_visible()
    page.screenshot(path="/tmp/chuhai-pack-de-en.png", full_page=True)
    page.close()
