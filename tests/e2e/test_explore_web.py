"""The market ranking page as a user meets it, in Chromium (the server and browser of
``test_web.py``). The screenshot goes to /tmp/chuhai-markets.png."""

from __future__ import annotations

from tests.e2e.test_web import NEEDS_BROWSER, Server, _sign_in, browser, server

__all__ = ["browser", "server"]  # the fixtures, shared with test_web.py

pytestmark = NEEDS_BROWSER


def test_market_ranking_table_and_chart(server: Server, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(locale="en-GB", viewport={"width": 1366, "height": 900})
    _sign_in(page, server, "enterprise")
    page.click("a[href^='/lang/en']")
    page.goto(server.url + "/markets?hs=6601.99&price=68&currency=CNY&markets=PH,US,DE"
              "&date=2026-11-29")  # fmt: skip
    expect(page.locator("h1")).to_contain_text("Market ranking")
    rows = page.locator("table.ranking tr.ranked")
    expect(rows.first).to_be_visible(timeout=30_000)
    assert rows.count() == 3
    expect(page.locator("table.ranking")).to_contain_text("Philippines")
    expect(page.locator("#chart svg")).to_be_visible()
    page.screenshot(path="/tmp/chuhai-markets.png", full_page=True)
    page.close()
