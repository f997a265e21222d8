"""``markets rank``, ``platforms list/match`` and ``compliance`` as a user runs them.

The commands run in a real process, ``python -m chuhai``.
"""

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
        capture_output=True, text=True, env=ENV, timeout=180, check=False,
    )  # fmt: skip


RANK = ("markets", "rank", "--hs", "6601.99", "--price", "68", "--currency", "CNY",
        "--date", "2026-11-29")  # fmt: skip


def test_rank_prints_a_table_explanations_and_the_markets_left_out() -> None:
    result = chuhai(*RANK, "--markets", "PH,EG,DE")
    assert result.returncode == 0, result.stderr
    assert "Markets for HS 660199 at CNY 68" in result.stdout
    assert "PH ranks" in result.stdout
    assert "DE ranks" in result.stdout
    assert "not rankable EG" in result.stdout
    assert "normalisation: minmax" in result.stdout


def test_rank_json_with_weights_and_trade_data(tmp_path: Path) -> None:
    trade = tmp_path / "trade.csv"
    trade.write_text("exporter,importer,hs6,year,value\nCN,PH,660199,2024,30\nVN,PH,660199,2024,10\n"
                     "CN,DE,640411,2024,20\n", encoding="utf-8")  # fmt: skip
    result = chuhai(*RANK, "--markets", "PH", "--markets", "DE", "--weights", "distance=0.2",
                    "--trade-data", str(trade), "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    scores = [float(r["score"]) for r in data["ranking"]]
    assert scores == sorted(scores, reverse=True)
    assert {r["market"] for r in data["ranking"]} == {"PH", "DE"}
    assert "untapped_potential" in data["weights"]
    assert data["export_potential"]["PH"]["supply"] == "0.750000"
    assert all(r["explanation"] for r in data["ranking"])


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--markets", "XX"), "markets"),
        (("--hs", "9999.99"), "hs_code"),
        (("--price", "-3"), "price"),
        (("--weights", "nope=1"), "weights"),
        (("--normalisation", "zscore"), "method"),
        (("--date", "29/11/2026"), "date"),
    ],
)
def test_rank_bad_input_exits_2_naming_the_field(args: tuple[str, ...], field: str) -> None:
    base = list(RANK)
    for flag, value in zip(args[::2], args[1::2], strict=True):
        if flag in base:
            base[base.index(flag) + 1] = value
        else:
            base += [flag, value]
    result = chuhai(*base)
    assert result.returncode == 2
    assert f"field '{field}'" in result.stderr
    assert "Traceback" not in result.stderr


def test_rank_without_a_date_exits_2() -> None:
    result = chuhai("markets", "rank", "--hs", "6601.99", "--price", "68")
    assert result.returncode == 2
    assert "field 'date'" in result.stderr


def test_platforms_list_and_match() -> None:
    listed = chuhai("platforms", "list", "--market", "PH", "--accepts-cn", "--livestream", "--json")
    assert listed.returncode == 0, listed.stderr
    sites = json.loads(listed.stdout)
    assert {"Shopee", "Lazada", "TikTok Shop"} <= {s["platform"] for s in sites}
    assert all("fees" in s and "sources" in s for s in sites)
    matched = chuhai("platforms", "match", "--hs", "6601.99", "--markets", "PH,DE", "--top", "2")
    assert matched.returncode == 0, matched.stderr
    assert "Platforms for umbrellas" in matched.stdout
    bad = chuhai("platforms", "list", "--market", "QQ")
    assert bad.returncode == 2
    assert "field 'market'" in bad.stderr


def test_compliance_table_json_and_errors() -> None:
    result = chuhai("compliance", "--market", "DE", "--hs", "6601.99", "--date", "2026-11-29")
    assert result.returncode == 0, result.stderr
    assert "IOSS registration" in result.stdout
    assert "eur-lex.europa.eu" in result.stdout
    data = json.loads(chuhai("compliance", "--market", "GB", "--hs", "6601.99", "--date",
                             "2026-11-29", "--json").stdout)  # fmt: skip
    assert data["items"][0]["id"] == "gb_vat_registration"
    assert data["items"][0]["pack_thresholds"][0]["rule_id"] == "GB:gb_low_value_b2c"
    bad = chuhai("compliance", "--market", "ZZ", "--hs", "6601.99", "--date", "2026-11-29")
    assert bad.returncode == 2
    assert "field 'market'" in bad.stderr
    bad_hs = chuhai("compliance", "--market", "DE", "--hs", "12", "--date", "2026-11-29")
    assert bad_hs.returncode == 2
    assert "field 'hs_code'" in bad_hs.stderr
