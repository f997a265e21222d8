"""The web app as a user meets it: ``chuhai serve --demo`` on a real port, driven by Chromium.

Needs Debian's ``chromium`` at /usr/bin/chromium and ``fonts-noto-cjk`` (for the Chinese in
the screenshots, written to /tmp/chuhai-*.png); skips with that reason otherwise, unless
``CHUHAI_REQUIRE_BROWSER=1`` (CI): then a missing browser fails the tests.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOGIN_LINE = re.compile(r"^\s+(enterprise|staff|analyst|admin)\s+(\S+@\S+)\s+(\S+)\s*$")

REQUIRE_BROWSER = os.environ.get("CHUHAI_REQUIRE_BROWSER") == "1"
NEEDS_BROWSER = pytest.mark.skipif(
    not CHROMIUM.exists() and not REQUIRE_BROWSER,  # CI requires it: then a missing one fails
    reason="browser tests need /usr/bin/chromium: apt-get install -y chromium fonts-noto-cjk",
)
pytestmark = NEEDS_BROWSER


@dataclass
class Server:
    url: str
    logins: dict[str, tuple[str, str]]
    output: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(url: str, process: subprocess.Popen[str], output: list[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("chuhai serve exited:\n" + "".join(output))
        try:
            with urllib.request.urlopen(f"{url}/login", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("chuhai serve did not answer within 60 s:\n" + "".join(output))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``chuhai serve --demo`` with a fresh SQLite data dir, as ``make run`` starts it."""
    port = _free_port()
    env = {
        **os.environ,
        "CHUHAI_DATA_DIR": str(tmp_path_factory.mktemp("data")),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CHUHAI_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "chuhai", "serve", "--port", str(port), "--demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    output: list[str] = []
    assert process.stdout is not None
    # Drain the output on a thread so the server never blocks on a full pipe.
    reader = threading.Thread(target=lambda: output.extend(process.stdout or []), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, output)
        logins = {m[1]: (m[2], m[3]) for line in output if (m := LOGIN_LINE.match(line))}
        assert set(logins) == {"enterprise", "staff", "analyst", "admin"}, "".join(output)
        yield Server(url, logins, output)
    finally:
        process.terminate()
        process.wait(timeout=20)
        reader.join(timeout=5)
        process.stdout.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _sign_in(page: object, server: Server, role: str) -> None:
    email, password = server.logins[role]
    page.goto(server.url + "/")  # type: ignore[attr-defined]
    page.fill("input[name=email]", email)  # type: ignore[attr-defined]
    page.fill("input[name=password]", password)  # type: ignore[attr-defined]
    page.click("form[action='/login'] button[type=submit]")  # type: ignore[attr-defined]


def test_enterprise_user_journey(server: Server, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
    _sign_in(page, server, "enterprise")

    # Own firm only, in Chinese.
    expect(page.locator("h1")).to_contain_text("欢迎")
    cards = page.locator("article.firm")
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text("东石彩虹伞业（演示）")
    page.screenshot(path="/tmp/chuhai-dashboard-zh.png", full_page=True)

    # English and back.
    page.click("a[href^='/lang/en']")
    expect(page.locator("nav")).to_contain_text("Dashboard")
    expect(cards).to_contain_text("Dongshi Rainbow Umbrella Co. (demo)")
    page.click("a[href^='/lang/zh_CN']")
    expect(page.locator("nav")).to_contain_text("首页")

    # Another firm is refused.
    own_products = page.locator("nav a", has_text="产品").get_attribute("href")
    assert own_products is not None
    own_id = int(own_products.split("/")[2])
    response = page.goto(f"{server.url}/firms/{own_id + 1}")
    assert response is not None
    assert response.status == 403

    # Add a product.
    page.goto(server.url + own_products)
    add = page.locator("#add form")
    add.locator("input[name=sku]").fill("E2E-1")
    add.locator("input[name=name]").fill("Kids umbrella")
    add.locator("input[name=name_zh]").fill("儿童伞")
    # HS suggestions from the name: a candidate's button fills the HS field.
    add.locator("[data-hs-suggest-button]").click()
    candidates = add.locator("table.hs-candidates")
    expect(candidates).to_contain_text("6601", timeout=30_000)  # the model loads on first use
    candidates.locator("button[data-hs-use^='6601']").first.click()
    expect(add.locator("input[name=hs_code]")).to_have_value(re.compile(r"^6601\.\d\d$"))
    page.screenshot(path="/tmp/chuhai-hs-suggest-zh.png", full_page=True)
    add.locator("input[name=hs_code]").fill("6601.99")
    add.locator("input[name=unit_cost]").fill("18.80")
    add.locator("button[type=submit]").click()
    expect(page.locator("table.products")).to_contain_text("E2E-1")
    expect(page.locator("table.products")).to_contain_text("¥18.80")

    # Import a CSV with a bad row: nothing is imported, the row and field are named.
    csv_file = tmp_path / "products.csv"
    csv_file.write_text(
        "sku,name,hs_code,unit_cost\nE2E-2,Parasol,6601.10,99.00\nE2E-3,Bad,1234.56,x\n",
        encoding="utf-8",
    )
    page.set_input_files("#import input[name=file]", str(csv_file))
    page.click("#import button[type=submit]")
    report = page.locator("table.problems")
    expect(report).to_contain_text("hs_code")
    expect(report).to_contain_text("unit_cost")
    expect(report.locator("td").first).to_have_text("3")
    expect(page.locator("table.products")).not_to_contain_text("E2E-2")
    page.screenshot(path="/tmp/chuhai-products-zh.png", full_page=True)

    # Quote the demo umbrella to Germany and follow a source.
    page.locator("tr", has_text="UMB-S90").locator("a", has_text="报价").click()
    expect(page.locator("input[name=hs_code]")).to_have_value("6601.99")
    page.select_option("select[name=destination]", "DE")
    page.fill("input[name=date]", "2026-11-29")
    page.click("form[action='/quote'] button[type=submit]")
    result = page.locator("#result")
    expect(result).to_contain_text("到岸总成本")
    source = result.locator("a.source").first
    expect(source).to_have_attribute("href", re.compile(r"^https?://"))
    page.screenshot(path="/tmp/chuhai-quote-zh.png", full_page=True)
    page.close()


def test_staff_see_every_firm(server: Server, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(locale="en-GB")
    _sign_in(page, server, "staff")
    expect(page.locator("article.firm")).to_have_count(8)
    page.goto(server.url + "/firms")
    expect(page.locator("tbody tr")).to_have_count(8)
    expect(page.locator("#add, form[action='/firms']")).to_have_count(1)
    page.close()
