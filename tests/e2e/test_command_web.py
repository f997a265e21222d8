"""The command centre as its users meet it: ``chuhai serve --demo`` on a real port, Chromium.

An analyst signs in, sees the city's dashboard with its chart and the synthetic label, switches
language and looks at the tariff exposure; an enterprise user sees only its own firm's exports.
Screenshots go to /tmp/chuhai-command-*.png.
"""

from __future__ import annotations

from tests.e2e.test_web import NEEDS_BROWSER, Server, _sign_in, browser, server

__all__ = ["browser", "server"]  # the fixtures, shared with test_web

pytestmark = NEEDS_BROWSER


def test_an_analyst_reads_the_city_dashboard_in_both_languages(
    server: Server, browser: object
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    _sign_in(page, server, "analyst")
    page.click("nav a[href='/command']")

    expect(page.locator("h1")).to_contain_text("全市出口 · 2024")
    expect(page.locator(".synthetic").first).to_contain_text("合成演示数据")
    kpis = page.locator(".kpis")
    expect(kpis).to_contain_text("¥750亿")
    expect(kpis).to_contain_text("¥75,000,000,000.00")
    expect(kpis).to_contain_text("+6.47%")
    chart = page.locator("#destination-chart svg")
    expect(chart).to_have_count(1)
    expect(chart).to_contain_text("美国")
    expect(page.locator("#by-destination")).to_contain_text("美国")
    page.screenshot(path="/tmp/chuhai-command-dashboard-zh.png", full_page=True)

    page.click("a[href^='/lang/en']")
    expect(page.locator("h1")).to_contain_text("City exports · 2024")
    expect(page.locator(".synthetic").first).to_contain_text("Synthetic demo data")
    expect(page.locator("#destination-chart svg")).to_contain_text("United States")
    expect(page.locator("nav.subnav")).to_contain_text("Tariff exposure")
    page.screenshot(path="/tmp/chuhai-command-dashboard-en.png", full_page=True)

    # The exposure to a US duty of 54% from 2027, computed by the batch engine.
    page.click("nav.subnav a[href='/command/exposure']")
    page.fill("input[name=as_of]", "2026-11-29")
    page.click("#exposure-form button[type=submit]")
    expect(page.locator("#by_destination tbody tr").first).to_contain_text(
        "United States", timeout=60_000
    )
    expect(page.locator(".kpis")).to_contain_text("Value at risk")
    page.screenshot(path="/tmp/chuhai-command-exposure-en.png", full_page=True)

    # Record-level data is not the analyst's: the matches list gives way to the funnel.
    page.goto(server.url + "/command/matches")
    expect(page.locator("#funnel")).to_contain_text("Deal")
    expect(page.locator("table.matches")).to_have_count(0)
    page.click("a[href^='/lang/zh_CN']")
    page.close()


def test_an_enterprise_user_sees_only_its_own_exports(server: Server, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 900})
    _sign_in(page, server, "enterprise")
    page.goto(server.url + "/command")
    expect(page.locator("h1")).to_contain_text("My firm's exports")
    firms = page.locator("table.breakdown").filter(has_text="By firm")
    expect(firms.locator("tbody tr")).to_have_count(1)
    expect(firms).to_contain_text("Dongshi Rainbow Umbrella Co. (demo)")
    expect(page.locator("nav.subnav a[href='/command/buyers']")).to_have_count(0)
    response = page.goto(server.url + "/command/buyers")
    assert response is not None
    assert response.status == 403
    page.goto(server.url + "/command/livestreams?week=2026-11-16")
    expect(page.locator("table.sessions tbody tr").first).to_contain_text("Dongshi")
    page.screenshot(path="/tmp/chuhai-command-livestreams-en.png", full_page=True)
    page.close()
