"""Every rate of the shared upstream schedules parses, except texts that are not rates.

Runs ``tools/sweep_duty_expressions.py`` in-process over the shared data directory
(``$CHUHAI_SHARED_DATA`` or ``../shared/data``); skips when that directory is absent.
The counts are exact for the pinned files (HTS 2026 revision 10, UKGT 2021 vs CET, and
the Japanese tariff flat file): a change means the parser or the data changed.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from chuhai.domain.duty_expression import parse_duty_expression
from chuhai.domain.money import Money

TOOL = Path(__file__).resolve().parents[2] / "tools" / "sweep_duty_expressions.py"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sweep_duty_expressions", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


sweep_tool = _load_tool()
DATA_DIR: Path = sweep_tool.default_data_dir()
pytestmark = pytest.mark.skipif(
    not (DATA_DIR / sweep_tool.US_FILE).is_file(),
    reason=f"shared upstream data not found at {DATA_DIR} (set CHUHAI_SHARED_DATA)",
)

# Texts that are not a rate, written independently of the parser's own list.
NOT_RATES = {
    "US HTS general": [
        r"^(?:The |A duty|See |[Nn]o change)",  # refers to another provision
        r"\bon (?:the )?(?:case|battery|movement|apparatus|value)\b",  # value of a part
        r"percent of the (?:fair retail value|cost)",
        r"for each degree",  # sugar polarity
        r"for each other piece",  # watch movements
    ],
    "UK Global Tariff": [r"\(\d\d [A-Z]{3} - \d\d [A-Z]{3}\)"],  # seasonal
    "EU CET": [
        r"\d\d? [A-Z]{3,4}\)",  # seasonal
        r"\bEA\b",
        r"^Entry Price$",
        r"^7\.2 MIN 0\.36 EUR/100 kg$",  # "%" missing in the source
    ],
    "JP WTO": [r"〜", r"一部", r"もの", r"乳糖"],
    "JP RCEP China": [r"〜", r"非譲許", r"もの", r"乳糖", r"課税価格", r"^\S+\u3000"],
}

EXPECTED = {  # source: (total, blank, parsed)
    "US HTS general": (14835, 1169, 13143),
    "UK Global Tariff": (9374, 0, 9356),
    "EU CET": (9374, 0, 9258),
    "JP WTO": (10437, 0, 10263),
    "JP RCEP China": (8140, 0, 8019),
}


@pytest.fixture(scope="module")
def reports() -> dict[str, Any]:
    return {report.name: report for report in sweep_tool.sweep(DATA_DIR)}


@pytest.fixture(scope="module")
def rates() -> dict[str, dict[str, str]]:
    """Rate text by commodity code, per schedule column."""
    return {
        "us": dict(sweep_tool.us_general_rates(DATA_DIR)),
        "uk": dict(sweep_tool.uk_rates(DATA_DIR, "ukgt_duty_rate")),
        "eu": dict(sweep_tool.uk_rates(DATA_DIR, "cet_duty_rate")),
        "jp": dict(sweep_tool.jp_rates(DATA_DIR, "eff_WTO協定")),
    }


@pytest.mark.parametrize("source", list(EXPECTED))
def test_every_rate_parses_except_non_rates(reports: dict[str, Any], source: str) -> None:
    report = reports[source]
    assert (report.total, report.blank, report.parsed) == EXPECTED[source]
    not_rates = [re.compile(pattern) for pattern in NOT_RATES[source]]
    rates = [t for t in report.unparsed if not any(p.search(t) for p in not_rates)]
    assert rates == []


def test_us_kinds(reports: dict[str, Any]) -> None:
    assert dict(reports["US HTS general"].by_kind) == {
        "free": 5813,
        "ad_valorem": 6241,
        "specific": 765,
        "compound": 324,
    }


SPOT_CHECKS = [
    # (source, code, value, quantities, expected duty)
    ("us", "0101.30.00.00", "USD 1000", {}, "68.0"),  # 6.8%, a 10-digit national line
    ("us", "6601.99.00.00", "USD 250", {}, "20.500"),  # 8.2%
    ("us", "0201.10.10", "USD 500", {"kg": "1000"}, "44.0"),  # 4.4¢/kg
    ("us", "0105.11.00", "USD 500", {"item": "1000"}, "9.0"),  # 0.9¢ each
    ("us", "1901.10.16.00", "USD 100", {"kg": "10"}, "25.25"),  # $1.035/kg + 14.9%
    ("us", "6402.91.20.00", "USD 200", {"pair": "10"}, "84.00"),  # 90¢/pr. + 37.5%
    ("us", "2709.00.20", "USD 9000", {"l": "15898.7294928"}, "10.5"),  # 10.5¢/bbl, 100 bbl
    ("uk", "01051111", "GBP 10", {"item": "500"}, "21.50"),  # 43.00 GBP/1000 items
    ("uk", "22084011", "GBP 10", {"l": "70", "l_alcohol": "28"}, "15.82"),
    ("eu", "91011100", "EUR 100", {"item": "1"}, "0.80"),  # 4.5% MIN 0.30 MAX 0.80 /item
    ("eu", "24011035", "EUR 100", {"kg": "100"}, "22.00"),  # 18.4% MIN 22 MAX 24 /100 kg
    ("jp", "0401.10.190", "JPY 10000", {"kg": "5"}, "2400"),  # 21.3%＋54円/kg
    ("jp", "0101.21.290", "JPY 1", {"item": "1"}, "3400000"),  # 3,400,000円/頭
    ("jp", "2204.21.020", "JPY 1000", {"l": "10"}, "670"),  # the lower of, floored at 67円/l
    ("jp", "6403.20.012", "JPY 10000", {"pair": "1"}, "4300"),  # 30% or 4,300円/足, higher
]


@pytest.mark.parametrize(("source", "code", "value", "quantities", "expected"), SPOT_CHECKS)
def test_spot_values(
    rates: dict[str, dict[str, str]],
    source: str,
    code: str,
    value: str,
    quantities: dict[str, str],
    expected: str,
) -> None:
    currency, amount = value.split()
    measured = {unit: Decimal(q) for unit, q in quantities.items()}
    parsed = parse_duty_expression(rates[source][code])
    result = parsed.evaluate(value=Money(amount, currency), quantities=measured)
    assert result == Money(expected, currency)


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sweep.json"
    assert sweep_tool.main(["--data-dir", str(DATA_DIR), "--json", str(out)]) == 0
    assert "== US HTS general ==" in capsys.readouterr().out
    payload = json.loads(out.read_text("utf-8"))
    assert [source["source"] for source in payload] == list(EXPECTED)
    assert payload[0]["parsed"] == EXPECTED["US HTS general"][2]
    assert len(payload[0]["top_unparsed"]) == sweep_tool.TOP_UNPARSED
