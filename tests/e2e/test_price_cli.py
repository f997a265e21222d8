"""``chuhai price`` and ``chuhai fees`` as a user runs them: a real process, JSON, exit codes."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_cli import chuhai

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pricing"
DAY = "2026-11-29"
UMBRELLA = ("--hs", "6601.99", "--unit-cost", "68", "--currency", "CNY", "--date", DAY)
AMAZON_DE = ("--market", "DE", "--channel", "amazon_de")


def run_json(*args: str) -> Any:
    result = chuhai(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_margin_waterfall_sums_to_the_price() -> None:
    data = run_json("price", "margin", *AMAZON_DE, "--price", "29.99", *UMBRELLA)
    waterfall = data["waterfall"]
    amounts = [Decimal(line["amount"]) for line in waterfall["lines"]]
    assert sum(amounts) == Decimal("29.99") == Decimal(waterfall["price"])
    assert waterfall["lines"][-1]["code"] == "margin"
    assert waterfall["contribution_margin"] == waterfall["lines"][-1]["amount"]
    commission = next(line for line in waterfall["lines"] if line["code"] == "commission")
    assert (commission["amount"], commission["confidence"]) == ("4.50", "medium")
    assert all(line["source"] for line in waterfall["lines"])
    assert data["product"]["category"] == "umbrellas"  # from the HS code


def test_the_margin_table_shows_sources_and_the_margin() -> None:
    result = chuhai("price", "margin", *AMAZON_DE, "--price", "29.99", *UMBRELLA)
    assert result.returncode == 0, result.stderr
    assert "contribution margin EUR" in result.stdout
    assert "provisional" in result.stdout  # the EU handling fee, highlighted
    assert "sellercentral" in result.stdout


def test_options_reach_the_waterfall(tmp_path: Path) -> None:
    product = tmp_path / "umbrella.yaml"
    product.write_text(
        "sku: UMB-90\nhs_code: '6601.99'\nunit_cost: 68.10 CNY\nunit_weight_kg: 0.55\n"
    )
    data = run_json(
        "price", "margin", str(product), *AMAZON_DE, "--price", "29.99", "--date", DAY,
        "--freight", "45 CNY", "--provider", "airwallex", "--cac", "2.50",
        "--return-rate-pct", "5", "--return-cost", "3", "--fee", "commission=0.09",
    )  # fmt: skip
    assert data["product"]["unit_cost"] == {"amount": "68.10", "currency": "CNY"}
    lines = {line["code"]: line for line in data["waterfall"]["lines"]}
    assert abs(Decimal(lines["commission"]["amount"]) - Decimal("2.6991")) < Decimal("0.01")
    assert lines["commission"]["confidence"] == "user"
    assert lines["cac"]["amount"] == "2.50"
    assert abs(Decimal(lines["returns"]["amount"]) - Decimal("1.6495")) < Decimal("0.01")
    assert {"freight", "fx_markup"} <= set(lines)


def test_solve_meets_the_target_at_a_local_price_point() -> None:
    data = run_json(
        "price", "solve", *AMAZON_DE, *UMBRELLA, "--freight", "45 CNY", "--target-margin-pct", "20"
    )
    exact, local = Decimal(data["exact_price"]["amount"]), Decimal(data["price"]["amount"])
    assert Decimal(data["exact_waterfall"]["margin_pct"]) >= 20
    assert Decimal(data["waterfall"]["margin_pct"]) >= 20
    assert local >= exact
    assert local % 1 == Decimal("0.99")
    variant = run_json(
        "price", "solve", *AMAZON_DE, *UMBRELLA, "--freight", "45 CNY",
        "--target-margin-pct", "20", "--rounding", "EUR=95",
    )  # fmt: skip
    assert Decimal(variant["price"]["amount"]) % 1 == Decimal("0.95")


@pytest.mark.parametrize(("usd", "eur"), [("9.99", "8.99"), ("10", "9.00"), ("12.34", "10.34")])
def test_round_reproduces_t18(usd: str, eur: str) -> None:
    data = run_json("price", "round", "EUR", "--mirror-from", f"{usd} USD", "--rate", "0.8539")
    assert data["price"] == {"amount": eur, "currency": "EUR"}


def test_round_onto_the_currency_grid() -> None:
    assert run_json("price", "round", "12.34", "EUR")["price"]["amount"] == "12.99"
    nearest = run_json("price", "round", "12.34", "USD", "--behaviour", "nearest")
    assert nearest["price"]["amount"] == "11.99"
    floored = run_json(
        "price", "round", "12.34", "USD", "--behaviour", "nearest", "--floor", "12.10"
    )
    assert floored["price"]["amount"] == "12.99"


def test_price_list_writes_a_csv(tmp_path: Path) -> None:
    out = tmp_path / "prices.csv"
    result = chuhai(
        "price", "list", str(FIXTURES / "catalogue.csv"), "--channels",
        str(FIXTURES / "channels.yaml"), "--target-margin-pct", "20", "--date", DAY, "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "wrote 6 rows" in result.stdout
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [(r["sku"], r["market"]) for r in rows][:3] == [
        ("UMB-90", "DE"), ("UMB-90", "US"), ("UMB-90", "GB")
    ]  # fmt: skip
    umbrella_de = rows[0]
    assert (umbrella_de["currency"], umbrella_de["regime"]) == ("EUR", "eu_ioss_3eur")
    assert umbrella_de["price"].endswith(".99")
    assert Decimal(umbrella_de["margin_pct"]) >= 20


def test_a_bad_catalogue_row_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "prices.csv"
    result = chuhai(
        "price", "list", str(FIXTURES / "catalogue_bad.csv"), "--channels",
        str(FIXTURES / "channels.yaml"), "--target-margin-pct", "20", "--date", DAY, "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 2
    assert "row 3, field 'unit_cost'" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_channel_names_the_field(tmp_path: Path) -> None:
    result = chuhai("price", "margin", "--market", "DE", "--channel", "amazon_xx",
                    "--price", "29.99", *UMBRELLA)  # fmt: skip
    assert result.returncode == 2
    assert "field 'channel'" in result.stderr
    assert "amazon_xx" in result.stderr
    listed = chuhai(
        "price", "list", str(FIXTURES / "catalogue.csv"), "--channels",
        str(FIXTURES / "channels_unknown.yaml"), "--target-margin-pct", "20", "--date", DAY,
        "-o", str(tmp_path / "prices.csv"),
    )  # fmt: skip
    assert listed.returncode == 2
    assert "field 'channels.1.channel'" in listed.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--price", "29.99 USD"), "field 'price': give this amount in EUR"),
        (("--price", "29.99", "--fee", "commission=9"), "a fee rate is a fraction"),
        (("--price", "29.99", "--waive", "bribe"), "field 'waive'"),
        (("--price", "29.99", "--provider", "paypal_xx"), "field 'providers'"),
        (("--price", "29.99", "--date", "29/11/2026"), "field 'date'"),
    ],
)
def test_user_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    result = chuhai("price", "margin", *AMAZON_DE, *UMBRELLA, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unread_fee_is_refused_until_supplied() -> None:
    shop = ("--market", "DE", "--channel", "tiktok_shop_de", "--price", "29.99", *UMBRELLA)
    refused = chuhai("price", "margin", *shop)
    assert refused.returncode == 2
    assert "supply the figure" in refused.stderr
    data = run_json("price", "margin", *shop, "--fee", "commission=0.09")
    assert Decimal(data["waterfall"]["margin_pct"]) > 0


def test_oem_beside_b2c() -> None:
    rows = run_json(
        "price", "compare", *UMBRELLA, "--oem-fob", "60 CNY", "--oem-cost", "52 CNY",
        "--oem-volume", "10000", "--channel", "DE:amazon_de:800", "--channel", "US:walmart_us:600",
        "--freight", "45 CNY", "--target-margin-pct", "20",
    )  # fmt: skip
    assert [(r["model"], r["market"]) for r in rows] == [("OEM", ""), ("B2C", "DE"), ("B2C", "US")]
    assert rows[0]["total_margin"] == {"amount": "80000", "currency": "CNY"}
    assert all(r["total_margin"]["currency"] == "CNY" for r in rows)


def test_fees_show_and_list() -> None:
    fees = run_json("fees", "show", "amazon_de", "--category", "umbrellas", "--date", DAY)
    commission = next(f for f in fees if f["kind"] == "commission")
    assert (commission["rate"], commission["confidence"]) == ("0.15", "medium")
    assert commission["original_text"]
    assert commission["as_of_text"]
    channels = run_json("fees", "list", "--market", "DE", "--status", "parsed")
    ids = {c["channel"] for c in channels}
    assert {"amazon_de", "airwallex"} <= ids
    assert "amazon_us" not in ids
    bad = chuhai("fees", "list", "--status", "guessed")
    assert bad.returncode == 2
    assert "field 'status'" in bad.stderr


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        (("--unit-cost", "68", "--currency", "XYZ"), "currency", "unknown ISO 4217"),
        (("--unit-cost", "68 XYZ"), "unit_cost", "unknown ISO 4217"),
        (("--unit-cost", "68", "--date", "2014-06-02"), "date", "before the first ECB rate"),
        (("--unit-cost", "68", "--target-margin-pct", "100"), "target_margin_pct", "below 100%"),
        (("--unit-cost", "68", "--target-margin-pct", "250"), "target_margin_pct", "below 100%"),
        (("--unit-cost", "-68"), "unit_cost", "must not be negative"),
        (("--unit-cost", "68", "--freight", "-5 CNY"), "freight", "must not be negative"),
        (("--unit-cost", "68", "--fx-buffer-pct", "100"), "fx_buffer_pct", "0 up to 100"),
        (("--unit-cost", "68", "--carrier", "ups"), "carrier", "--carrier-fee"),
        (("--unit-cost", "68", "--carrier", "fedex"), "carrier", "--carrier-fee"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    args: tuple[str, ...], field: str, message: str
) -> None:
    defaults = {"--date": DAY, "--target-margin-pct": "20"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    rest = [x for k, v in {**defaults, **given}.items() for x in (k, v)]
    result = chuhai("price", "solve", *AMAZON_DE, "--hs", "6601.99", *rest)
    assert result.returncode == 2, result.stdout
    assert f"field '{field}'" in result.stderr
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_an_fx_buffer_is_its_own_line_beside_the_provider_s_markup() -> None:
    solve = ("price", "solve", *AMAZON_DE, *UMBRELLA, "--freight", "45 CNY")
    plain = run_json(*solve, "--target-margin-pct", "20", "--provider", "airwallex")
    data = run_json(
        *solve, "--target-margin-pct", "20", "--provider", "airwallex", "--fx-buffer-pct", "EUR=3"
    )
    lines = {line["code"]: line for line in data["waterfall"]["lines"]}
    assert lines["fx_buffer"]["label"] == "FX buffer 3% on EUR→CNY"
    assert lines["fx_buffer"]["group"] == "fx"
    assert "CNY/EUR of" in lines["fx_buffer"]["source"]
    assert "fx_markup" in lines
    assert Decimal(data["exact_price"]["amount"]) > Decimal(plain["exact_price"]["amount"])
    assert Decimal(data["waterfall"]["margin_pct"]) >= 20
    other = run_json(*solve, "--target-margin-pct", "20", "--fx-buffer-pct", "USD=3")
    assert "fx_buffer" not in {line["code"] for line in other["waterfall"]["lines"]}


def test_a_carrier_s_ddp_surcharge_reaches_the_waterfall() -> None:
    data = run_json(
        "price", "margin", "--market", "GB", "--channel", "amazon_gb", "--price", "260",
        "--hs", "6601.99", "--unit-cost", "900", "--date", DAY, "--ship-from", "US",
        "--carrier", "ups",
    )  # fmt: skip
    line = next(x for x in data["waterfall"]["lines"] if x["code"] == "carrier_ddp")
    assert (line["group"], line["confidence"]) == ("carrier", "medium")
    assert "support.zonos.com" in line["source"]
    assert "ups:ddp:us" in data["waterfall"]["bands"]
    mine = run_json(
        "price", "margin", "--market", "GB", "--channel", "amazon_gb", "--price", "260",
        "--hs", "6601.99", "--unit-cost", "900", "--date", DAY, "--carrier", "dhl_express",
        "--carrier-fee", "0.02+10 GBP",
    )  # fmt: skip
    line = next(x for x in mine["waterfall"]["lines"] if x["code"] == "carrier_ddp")
    assert line["confidence"] == "user"
    assert Decimal(line["amount"]) > 10


def test_fees_carriers_lists_the_sourced_figures_and_who_is_left_out() -> None:
    data = run_json("fees", "carriers", "--date", DAY)
    (ups,) = data["fees"]
    assert (ups["carrier"], ups["fixed"], ups["currency"]) == ("ups", "15", "USD")
    assert ups["ship_from"] == ["US"]
    assert [c["carrier"] for c in data["not_included"]] == ["dhl_express", "fedex"]
    shown = chuhai("fees", "carriers")
    assert shown.returncode == 0, shown.stderr
    assert "not included: fedex" in shown.stdout


def test_a_price_list_takes_fx_buffers_from_the_file_and_the_command(tmp_path: Path) -> None:
    channels = tmp_path / "channels.yaml"
    channels.write_text(
        "fx_buffer_pct: 2\nchannels:\n"
        "  - {market: DE, channel: amazon_de, freight: 45 CNY}\n"
        "  - {market: US, channel: walmart_us, freight: 60 CNY, fx_buffer_pct: 0}\n",
        encoding="utf-8",
    )
    base = ("price", "list", str(FIXTURES / "catalogue.csv"), "--channels", str(channels))
    rows = run_json(*base, "--target-margin-pct", "20", "--date", DAY)
    by_market = {(r["sku"], r["market"]): r for r in rows}
    assert Decimal(by_market["UMB-90", "DE"]["fx_buffer"]) > 0
    assert by_market["UMB-90", "US"]["fx_buffer"] == "0.00"
    again = run_json(*base, "--target-margin-pct", "20", "--date", DAY, "--fx-buffer-pct", "EUR=0")
    assert {(r["sku"], r["market"]): r for r in again}["UMB-90", "DE"]["fx_buffer"] == "0.00"
