"""``chuhai hs suggest`` and ``chuhai hs evaluate`` as a user runs them: exit codes, JSON."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from tests.e2e.test_cli import chuhai

DEV = Path(__file__).parents[1] / "fixtures" / "hs_dev.csv"
MARKETPLACE = Path(__file__).parents[1] / "fixtures" / "hs_dev_marketplace.csv"


def test_suggest_json_in_chinese_and_english() -> None:
    zh = chuhai("hs", "suggest", "折叠晴雨伞 自动开收 10骨", "--json")
    assert zh.returncode == 0, zh.stderr
    payload = json.loads(zh.stdout)
    assert payload["candidates"][0]["code"].startswith("6601")
    assert payload["candidates"][0]["path"][1]["description_zh"]
    assert payload["questions"]
    en = chuhai("hs", "suggest", "men's running shoes, mesh upper, rubber sole", "--limit", "3")
    assert en.returncode == 0, en.stderr
    assert "6404.11" in en.stdout


def test_suggest_with_a_market_lists_its_national_lines() -> None:
    title = "men's running shoes, mesh upper, rubber sole"
    result = chuhai("hs", "suggest", title, "--market", "US", "--date", "2026-11-29", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert (payload["market"], payload["date"]) == ("US", "2026-11-29")
    shoes = next(c for c in payload["candidates"] if c["code"] == "640411")
    assert {"code": "64041120", "mfn": "10.5%"}.items() <= shoes["national_lines"][0].items()
    text = chuhai("hs", "suggest", title, "--market", "US", "--date", "2026-11-29")
    assert "US 64041120  10.5%" in text.stdout
    undated = chuhai("hs", "suggest", title, "--market", "US")
    assert undated.returncode == 2
    assert "date" in undated.stderr


def test_vague_title_abstains_with_advice() -> None:
    result = chuhai("hs", "suggest", "gift", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["abstained"] is True
    assert "Too vague" in chuhai("hs", "suggest", "礼品").stdout


def test_empty_title_exits_2_naming_the_field() -> None:
    result = chuhai("hs", "suggest", "  ")
    assert result.returncode == 2
    assert "title" in result.stderr
    assert "Traceback" not in result.stderr


def test_evaluate_a_small_file(tmp_path: Path) -> None:
    labelled = tmp_path / "few.csv"
    labelled.write_text(
        "title,code,note\n雨伞,6601.99,x\nbaby diapers size 4,9619.00.90.10,\nstuff,950300\n",
        encoding="utf-8",
    )
    result = chuhai("hs", "evaluate", str(labelled), "--json")
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["n"] == 3
    assert metrics["top1"]["hs4"] == 0.6667  # the umbrella and the diapers; "stuff" abstains
    assert metrics["abstention_rate"] == 0.3333
    table = chuhai("hs", "evaluate", str(labelled))
    assert "top-3 of answered" in table.stdout


def test_dev_file_is_readable() -> None:
    header = DEV.read_text(encoding="utf-8").splitlines()[0]
    assert header == "title,code"


def test_marketplace_dev_set_is_labelled_with_hs_2022_subheadings() -> None:
    from chuhai.rules.hs_nomenclature import get_hs_entry

    with MARKETPLACE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 200
    assert {row["lang"] for row in rows} == {"zh", "en"}
    assert 0.4 <= sum(row["lang"] == "zh" for row in rows) / len(rows) <= 0.6
    for row in rows:
        assert get_hs_entry(row["code"]).level == 6, row
    assert len({row["title"] for row in rows}) == len(rows)


def test_suggesting_needs_neither_scikit_learn_nor_scipy() -> None:
    script = (
        "import sys; from chuhai.hs_suggest.suggest import suggest_hs_codes; "
        "suggest_hs_codes('folding umbrella'); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_evaluate_bad_files_exit_2_naming_file_row_and_field(tmp_path: Path) -> None:
    cases = {
        "nocode.csv": ("title,hs\numbrella,660199\n", "row 1, field 'code'"),
        "badcode.csv": ("title,code\numbrella,6601\n", "row 2, field 'code'"),
        "notitle.csv": ("title,code\numbrella,660199\n ,660199\n", "row 3, field 'title'"),
    }
    for name, (text, where) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = chuhai("hs", "evaluate", str(path))
        assert result.returncode == 2, name
        assert name in result.stderr, result.stderr
        assert where in result.stderr, result.stderr
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("title,code\nparapluie été,660199\n".encode("latin-1"))
    assert "not UTF-8" in chuhai("hs", "evaluate", str(latin1)).stderr
    assert chuhai("hs", "evaluate", str(tmp_path / "missing.csv")).returncode == 2
