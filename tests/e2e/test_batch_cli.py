"""``chuhai batch`` as a user runs it: a real process, files in and out, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl

FIXTURES = Path(__file__).parents[1] / "fixtures" / "batch"
ENV = {**os.environ, "COLUMNS": "200"}


def chuhai(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chuhai", "batch", *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
        check=False,
    )


def test_catalogue_to_parquet_with_a_scenario_a_diff_and_a_summary(tmp_path: Path) -> None:
    out, diff = tmp_path / "results.parquet", tmp_path / "diff.csv"
    result = chuhai(
        str(FIXTURES / "catalogue.csv"),
        "--markets", "US,DE", "--markets", "GB",
        "--channels", "courier_b2c_platform,sea_b2b",
        "--scenario", str(FIXTURES / "scenario_us_cn_54.yaml"),
        "--date", "2026-12-05", "-o", str(out), "--diff", str(diff),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Landed cost by market and scenario" in result.stdout
    assert "us-cn-54" in result.stdout
    assert "results/s" not in result.stdout
    frame = pl.read_parquet(out)
    assert frame.height == 6 * 3 * 2 * 2
    assert set(frame["scenario"]) == {"baseline", "us-cn-54"}
    changes = pl.read_csv(diff)
    us = changes.filter((pl.col("market") == "US") & (pl.col("sku") == "UMB-STICK-01"))
    assert (us["change_landed_total_amount_minor"] > 0).all()


def test_json_report(tmp_path: Path) -> None:
    result = chuhai(
        str(FIXTURES / "catalogue.csv"), "--markets", "FR", "--date", "2026-12-05",
        "-o", str(tmp_path / "r.csv"), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows_in"] == 6
    assert report["rows_out"] == 6
    assert report["summary"][0]["market"] == "FR"
    assert report["summary"][0]["landed_total"].count(".") == 1


def test_bad_rows_are_listed_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "r.parquet"
    result = chuhai(
        str(FIXTURES / "catalogue_bad.csv"), "--markets", "US", "--date", "2026-12-05",
        "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for row, field in (("3", "hs_code"), ("4", "origin"), ("6", "currency")):
        cells = [[cell.strip() for cell in line.split("│")[1:3]] for line in lines]
        assert [row, field] in cells, result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists()


def test_skip_bad_rows_writes_the_good_rows(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    result = chuhai(
        str(FIXTURES / "catalogue_bad.csv"), "--markets", "US", "--date", "2026-12-05",
        "-o", str(out), "--skip-bad-rows",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.exists()
    assert (tmp_path / "r.xlsx.bad_rows.csv").exists()
    assert "3 bad rows skipped" in result.stdout


def test_an_unknown_channel_is_a_user_error(tmp_path: Path) -> None:
    result = chuhai(
        str(FIXTURES / "catalogue.csv"), "--markets", "US", "--channels", "carrier_pigeon",
        "--date", "2026-12-05", "-o", str(tmp_path / "r.csv"),
    )  # fmt: skip
    assert result.returncode == 2
    assert "unknown channel 'carrier_pigeon'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_date_is_required(tmp_path: Path) -> None:
    result = chuhai(
        str(FIXTURES / "catalogue.csv"), "--markets", "US", "-o", str(tmp_path / "r.csv")
    )
    assert result.returncode == 2
    assert "--date" in result.stderr
