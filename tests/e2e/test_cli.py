"""The CLI as a user runs it: a real process, exit codes, no tracebacks for user errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ENV = {**os.environ, "COLUMNS": "200"}


def chuhai(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chuhai", *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        check=False,
    )


def test_demo_quote_prints_every_line_with_its_source() -> None:
    result = chuhai("quote", "--demo", "--to", "DE", "--to", "US")
    assert result.returncode == 0, result.stderr
    assert "Landed cost in DE on 2026-11-29" in result.stdout
    assert "Landed cost in US on 2026-11-29" in result.stdout
    assert "eu_ioss_3eur" in result.stdout
    assert "https://duty27.com/vat-rates/history" in result.stdout


def test_quote_json_from_flags() -> None:
    result = chuhai(
        "quote", "--to", "DEU", "--hs", "6601.99", "--value", "20", "--currency", "EUR",
        "--qty", "2", "--date", "2026-11-29", "--tax-collector", "platform", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["destination"] == "DE"
    assert data["totals"]["landed_total"] == {"amount": "52.60", "currency": "EUR"}
    assert data["pack_versions"] == {"DE": "2026.11.0", "EU": "2026.11.2"}
    assert all(c["source"]["url"] for c in data["charges"])


def test_quote_from_yaml_file_keeps_numbers_exact(tmp_path: Path) -> None:
    path = tmp_path / "parcel.yaml"
    path.write_text(
        "destination: DE\nship_from: CN\ndate: 2026-11-29\ncurrency: EUR\n"
        "tax_collector: platform\n"
        "lines:\n  - {hs_code: '6601.99', origin: CN, quantity: 2, unit_value: 20.10}\n"
    )
    result = chuhai("quote", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["goods"]["amount"] == "40.20"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--to", "XZ"), "field 'destination'"),
        (("--to", "DE", "--currency", "EUX"), "field 'currency'"),
        (("--to", "DE", "--value", "-5"), "lines.0.unit_value"),
        (("--to", "DE", "--hs", "66A1"), "lines.0.hs_code"),
        (("--to", "DE", "--date", "2031-01-01"), "covers 2024-01-01 to 2027-01-01"),
        (("--to", "DE", "--fx-rate", "CNY-EUR"), "--fx-rate must look like"),
        (("--to", "US", "--origin", "QQ"), "field 'lines.0.origin'"),
        (("--to", "US", "--hs", "9999.99.99"), "has no mfn rate in the US tariff"),
        (("--to", "US", "--hs", "6402.99"), "give the national line"),
    ],
)
def test_user_errors_exit_2_without_traceback(args: tuple[str, ...], message: str) -> None:
    defaults = {"--hs": "6601.99", "--value": "20", "--date": "2026-11-29"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    flags = [item for key, value in {**defaults, **given}.items() for item in (key, value)]
    result = chuhai("quote", *flags)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_line_without_origin_is_named(tmp_path: Path) -> None:
    path = tmp_path / "parcel.json"
    path.write_text(
        json.dumps(
            {
                "destination": "DE",
                "ship_from": "CN",
                "date": "2026-11-29",
                "currency": "EUR",
                "lines": [{"hs_code": "6601.99", "quantity": "1", "unit_value": "5"}],
            }
        )
    )
    result = chuhai("quote", str(path))
    assert result.returncode == 2
    assert "lines.0.origin" in result.stderr


def test_float_in_json_is_read_exactly(tmp_path: Path) -> None:
    path = tmp_path / "parcel.json"
    path.write_text(
        '{"destination": "DE", "ship_from": "CN", "date": "2026-11-29", "currency": "EUR",'
        ' "tax_collector": "platform",'
        ' "lines": [{"hs_code": "6601.99", "origin": "CN", "quantity": 3, "unit_value": 0.1}]}'
    )
    result = chuhai("quote", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["goods"]["amount"] == "0.30"


def test_packs_validate_and_show() -> None:
    result = chuhai("packs", "validate", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    codes = {row["code"] for row in json.loads(result.stdout)}
    assert {"US", "EU", "DE", "GB"} <= codes
    shown = chuhai("packs", "show", "US", "--date", "2026-03-01", "--json")
    assert shown.returncode == 0
    ids = {row["id"] for row in json.loads(shown.stdout)}
    assert "us_s122_10" in ids
    assert "us_ieepa_fentanyl_10_nov" not in ids


def test_data_coverage_lists_every_pack() -> None:
    result = chuhai("data", "coverage", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    assert rows["US"]["tariff_lines"]["mfn"] > 10_000
    assert rows["US"]["deepest_digits"] == 8
    assert rows["DE"]["parent"] == "EU"
    assert set(rows["US"]["by_status"]) <= {"official", "provisional", "estimated"}


SHARED = Path(os.environ.get("CHUHAI_SHARED_DATA", Path(__file__).parents[3] / "shared" / "data"))


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared upstream data is not beside the repo")
def test_data_import_rebuilds_the_shipped_files(tmp_path: Path) -> None:
    result = chuhai(
        "data", "import", "ukgt", "hs", "--data-dir", str(SHARED), "--out", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert "sha256=" in result.stdout
    shipped = Path(__file__).parents[2] / "src" / "chuhai" / "data"
    for name in ("packs/GB/tariff.csv", "hs/hs2022.csv"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def test_data_import_refuses_unknown_sources(tmp_path: Path) -> None:
    result = chuhai("data", "import", "wto", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "unknown source wto" in result.stderr


def test_hs_lookup_in_chinese_and_english() -> None:
    shown = chuhai("hs", "show", "66.01", "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["entry"]["description_zh"].startswith("雨伞")
    assert [child["code"] for child in data["children"]] == ["660110", "660191", "660199"]
    found = json.loads(chuhai("hs", "search", "雨伞", "--json").stdout)
    assert "6601" in {entry["code"] for entry in found}
    missing = chuhai("hs", "show", "9999")
    assert missing.returncode == 2
    assert "hs_code" in missing.stderr


def test_quote_under_a_scenario_names_it() -> None:
    scenario = Path(__file__).parents[1] / "fixtures" / "batch" / "scenario_us_cn_54.yaml"
    result = chuhai(
        "quote", "--to", "US", "--hs", "6601.99.00", "--value", "100", "--currency", "USD",
        "--date", "2026-12-01", "--scenario", str(scenario), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["pack_versions"]["US"].endswith("+us-cn-54")
    extra = [c for c in data["charges"] if c["code"] == "cn_extra"]
    assert extra[0]["amount"] == {"amount": "54.00", "currency": "USD"}
