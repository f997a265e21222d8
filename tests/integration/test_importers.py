"""The importers rebuild packs from small upstream fixtures; malformed rows stop them cleanly.

Fixtures (``tests/fixtures/importers/good/``) mirror the shared data directory's layout with
a few rows each; the Chapter 99 headings are copied from HTSUS 2026 revision 10. A test
breaks one field of one row and checks the error names file, row and field and that the
pack's existing files are untouched.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib.util
import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from chuhai.errors import PackError, RuleNotFoundError
from chuhai.importers import (
    IMPORTERS,
    ImportReport,
    import_eu_cet,
    import_jp_tariff,
    import_ukgt,
    import_us_hts,
    import_us_section301,
)
from chuhai.importers.eu_vat import MEMBERS
from chuhai.rules.loader import load_pack

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers" / "good"
BUILD_TOOL = Path(__file__).resolve().parents[2] / "tools" / "build_packs.py"
BASIC_JSON = "us_hts/hts_2025_basic.json"
PACK_YAML = """\
jurisdiction: {code}
name: test
version: "0"
currency: {currency}
coverage_from: 2018-01-01
coverage_to: 2027-01-01
"""


def _gzip(data_dir: Path) -> None:
    """The USITC export is gzipped JSON; the fixture keeps it readable and zips it here."""
    raw = (data_dir / BASIC_JSON).read_bytes()
    with gzip.GzipFile(data_dir / f"{BASIC_JSON}.gz", "wb", mtime=0) as handle:
        handle.write(raw)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURES, target)
    _gzip(target)
    return target


@pytest.fixture
def packs_dir(tmp_path: Path) -> Path:
    return tmp_path / "packs"


def _tariff(packs_dir: Path, pack: str) -> dict[tuple[str, str, str], dict[str, str]]:
    path = packs_dir / pack / "tariff.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["hs"], r["column"], r["valid_from"]): r for r in csv.DictReader(handle)}


def _unmapped(packs_dir: Path, pack: str) -> dict[str, dict[str, str]]:
    path = packs_dir / pack / "hs2022_unmapped.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["hs"]: r for r in csv.DictReader(handle)}


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


# --- US HTS ------------------------------------------------------------------------------


def test_us_hts_dates_lines_by_edition(data_dir: Path, packs_dir: Path) -> None:
    import_us_hts(data_dir, packs_dir)
    lines = _tariff(packs_dir, "US")
    same = lines[("01012100", "mfn", "2025-01-01")]
    assert (same["expression"], same["valid_to"], same["source_id"]) == (
        "Free",
        "",
        "usitc_hts_2026_rev10",
    )
    old, new = lines[("01012900", "mfn", "2025-01-01")], lines[("01012900", "mfn", "2026-06-08")]
    assert (old["expression"], old["valid_to"], old["source_id"]) == (
        "Free",
        "2026-06-08",
        "usitc_hts_2025_basic",
    )
    assert (new["expression"], new["valid_to"]) == ("2%", "")
    dropped = lines[("01022100", "mfn", "2025-01-01")]
    assert dropped["valid_to"] == "2026-06-08"
    assert dropped["description"] == "Live bovine animals > Purebred breeding animals"
    assert ("01031000", "mfn", "2025-01-27") in lines  # added in rev_1 per the concordance


def test_us_hts_stores_orphan_statistical_lines(data_dir: Path, packs_dir: Path) -> None:
    import_us_hts(data_dir, packs_dir)
    codes = {hs: row["expression"] for (hs, _, _), row in _tariff(packs_dir, "US").items()}
    assert codes["66019900"] == "8.2%"  # 6601.99.00.00 carries the rate itself
    assert codes["01013000"] == "6.8%"
    assert codes["0104200010"] == "68¢/head"  # siblings differ: each keeps its own code
    assert codes["0104200090"] == "Free"
    assert codes["28256000"] == "3.7%"  # a blank (whitespace) statistical line is no rate
    assert not any(hs.startswith("99") for hs in codes)


def test_us_hts_writes_chapter99_and_manifest(data_dir: Path, packs_dir: Path) -> None:
    report = import_us_hts(data_dir, packs_dir)
    chapter99 = (packs_dir / "US" / "chapter99.csv").read_text(encoding="utf-8")
    assert chapter99.count("\n9903.") == 15
    assert report.skipped["8-digit line without a General rate (special provisions, ch. 98)"] == 1
    manifest = json.loads((packs_dir / "US" / "manifest_hts.json").read_text(encoding="utf-8"))
    flat = next(u for u in manifest["upstream"] if u["path"].endswith("_flat.csv"))
    raw = (data_dir / flat["path"]).read_bytes()
    assert flat["sha256"] == hashlib.sha256(raw).hexdigest()
    assert flat["size_bytes"] == len(raw)
    assert manifest["outputs"]["US/tariff.csv"] == report.counts["mfn lines"] == 10


# --- Section 301 -------------------------------------------------------------------------


def test_section301_lists_and_rules(data_dir: Path, packs_dir: Path) -> None:
    report = import_us_section301(data_dir, packs_dir)
    lists = packs_dir / "US" / "lists"
    assert len(list(lists.glob("s301_*.csv"))) == 15
    assert (lists / "s301_list4a.csv").read_text(encoding="utf-8") == "hs\n01012900\n63079098\n"
    assert report.counts["measure rules"] == 17
    text = (packs_dir / "US" / "rules_s301.yaml").read_text(encoding="utf-8")
    assert "# Section 301 List 4B (9903.88.16)" in text
    assert "hs_list: s301_list4b" not in text


def test_us_pack_loads_with_generated_files(data_dir: Path, packs_dir: Path) -> None:
    import_us_hts(data_dir, packs_dir)
    import_us_section301(data_dir, packs_dir)
    (packs_dir / "US" / "pack.yaml").write_text(PACK_YAML.format(code="US", currency="USD"))
    pack = load_pack(packs_dir / "US")
    match = pack.find_duty("6601990000", column="mfn", as_of=date(2026, 11, 29))
    assert match is not None
    assert match.line.expression == "8.2%"
    assert pack.hs_list("s301_2026_50") == frozenset({"63079098"})


def test_section301_removes_a_stale_list(data_dir: Path, packs_dir: Path) -> None:
    stale = packs_dir / "US" / "lists" / "s301_old.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("hs\n01010101\n")
    import_us_section301(data_dir, packs_dir)
    assert not stale.exists()


# --- UK and EU ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("importer", "pack", "garbled"),
    [(import_ukgt, "GB", "'5S'"), (import_eu_cet, "EU", "'9 to 1'")],
)
def test_uk_eu_skip_and_report_garbled_rates(
    data_dir: Path,
    packs_dir: Path,
    importer: Callable[[Path, Path], ImportReport],
    pack: str,
    garbled: str,
) -> None:
    report = importer(data_dir, packs_dir)
    lines = _tariff(packs_dir, pack)
    assert len([hs for hs, _, _ in lines if len(hs) == 8]) == 11
    assert [hs for hs, _, _ in lines if len(hs) == 6] == ["340250"]  # the one HS 2022 mapped
    assert len(_unmapped(packs_dir, pack)) == 11  # every other HS 2022 addition
    assert not any(hs == "72283041" for hs, _, _ in lines)
    reason = "not a rate (garbled upstream text)"
    assert report.skipped[reason] == 1
    assert garbled in report.examples[reason][0]
    assert report.skipped["10-digit TARIC/UK line (only 8-digit lines are imported)"] == 1
    assert {row["status"] for row in lines.values()} == {"estimated"}


def test_uk_eu_dates_and_rates(data_dir: Path, packs_dir: Path) -> None:
    import_ukgt(data_dir, packs_dir)
    import_eu_cet(data_dir, packs_dir)
    gb = _tariff(packs_dir, "GB")[("02011000", "mfn", "2021-01-01")]
    eu = _tariff(packs_dir, "EU")[("02011000", "mfn", "2020-01-01")]
    assert gb["expression"] == "12.00% + 147.00 GBP/100kg"
    assert eu["expression"] == "12.80% + 176.80 EUR / 100 kg"
    assert (gb["source_id"], eu["source_id"]) == ("dit_ukgt_2021", "eu_cet_2020_via_dit")


def test_uk_eu_hs2022_renumbered_subheading_carries_the_old_rate(
    data_dir: Path, packs_dir: Path
) -> None:
    report = import_ukgt(data_dir, packs_dir)
    line = _tariff(packs_dir, "GB")[("340250", "mfn", "2021-01-01")]
    assert (line["expression"], line["source_id"]) == ("4.0%", "dit_ukgt_2021")
    assert line["description"].startswith("HS 2022 3402.50 = HS 2017 3402.20 (1:1): ")
    assert ("34022020", "mfn", "2021-01-01") in _tariff(packs_dir, "GB")  # HS 2017 line kept
    assert report.counts["HS 2022 subheadings mapped one-to-one"] == 1
    (packs_dir / "GB" / "pack.yaml").write_text(PACK_YAML.format(code="GB", currency="GBP"))
    match = load_pack(packs_dir / "GB").find_duty("34025000", column="mfn", as_of=date(2026, 1, 1))
    assert match is not None
    assert (match.line.hs, match.line.expression) == ("340250", "4.0%")
    assert report.counts["HS 2022 subheadings left unmapped"] == 11
    manifest = json.loads((packs_dir / "GB" / "manifest_ukgt.json").read_text(encoding="utf-8"))
    assert [u["path"] for u in manifest["upstream"]] == [
        "uk_tariff/ukgt_2021_vs_eu_cet_clean.csv",
        "hs/hs2017_hs2022_code_changes.csv",
    ]
    assert manifest["outputs"] == {
        "GB/hs2022_unmapped.csv": 11,
        "GB/sources_ukgt.csv": 2,
        "GB/tariff.csv": 12,
    }


@pytest.mark.parametrize(
    ("code", "reason", "hs2017"),
    [
        ("620120", "new in HS 2022 (split, merged or moved", "620111 620191"),  # a merge
        ("340231", "new in HS 2022", "340211 340212 340213 340219 340220"),  # a split
        ("040320", "renumbered from HS 2017 0403.10 one-to-one, but its 2 national lines "
         "differ in rate", "040310"),
        ("030910", "renumbered from HS 2017 0305.10 one-to-one, but this tariff has no line "
         "under it", "030510"),
        ("070952", "no correlation table", ""),  # nothing removed from heading 0709
    ],
)  # fmt: skip
def test_uk_eu_hs2022_subheading_not_mapped_is_listed_with_why(
    data_dir: Path, packs_dir: Path, code: str, reason: str, hs2017: str
) -> None:
    import_eu_cet(data_dir, packs_dir)
    assert not [hs for hs, _, _ in _tariff(packs_dir, "EU") if hs[:6] == code]
    row = _unmapped(packs_dir, "EU")[code]
    assert reason in row["reason"]
    assert (row["hs2017"], row["source_id"]) == (hs2017, "hs2017_hs2022_changes")
    (packs_dir / "EU" / "pack.yaml").write_text(PACK_YAML.format(code="EU", currency="EUR"))
    pack = load_pack(packs_dir / "EU")
    with pytest.raises(RuleNotFoundError) as caught:
        pack.find_duty(code + "10", column="mfn", as_of=date(2026, 11, 29))
    assert caught.value.field == "hs_code"
    assert caught.value.message.startswith(f"{code}10 (HS 2022 subheading {code[:4]}.{code[4:]})")
    assert reason in caught.value.message
    assert pack.source(pack.unmapped[code].source_id).licence == "ODC-PDDL-1.0"


# --- Japan -------------------------------------------------------------------------------


def test_jp_applied_mfn_and_rcep(data_dir: Path, packs_dir: Path) -> None:
    report = import_jp_tariff(data_dir, packs_dir)
    rates = {
        (hs, column): row["expression"] for (hs, column, _), row in _tariff(packs_dir, "JP").items()
    }
    assert rates[("020130010", "mfn")] == "38.5%"  # temporary below WTO
    assert rates[("847130000", "mfn")] == "2%"  # basic below WTO
    assert rates[("610910020", "mfn")] == "7.4%"  # WTO below basic
    assert rates[("610910010", "mfn")] == "(10.9%)"  # equal: the WTO text
    assert rates[("030199210", "mfn")] == "10%"  # no WTO rate: the national rate
    assert rates[("160100000", "mfn")] == "10%"  # marked temporary rate: not comparable
    assert rates[("040110000", "mfn")] == "21.3%＋54円/kg"
    assert rates[("610910020", "RCEP")] == "4.6%"
    assert not any(hs == "080310100" for hs, _ in rates)  # seasonal: skipped
    assert report.skipped["code listed more than once (seasonal rates)"] == 2
    assert report.counts["mfn"] == 9
    assert report.counts["RCEP"] == 4


# --- Determinism and the build tool ------------------------------------------------------


def test_second_run_is_byte_identical(data_dir: Path, packs_dir: Path) -> None:
    for importer in IMPORTERS.values():
        importer(data_dir, packs_dir)
    first = _snapshot(packs_dir)
    for importer in IMPORTERS.values():
        importer(data_dir, packs_dir)
    assert _snapshot(packs_dir) == first
    assert sorted(p.name for p in packs_dir.iterdir()) == sorted({"EU", "GB", "JP", "US", *MEMBERS})


def test_build_tool_runs_every_importer(data_dir: Path, packs_dir: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_packs", BUILD_TOOL)
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    argv = ["--data-dir", str(data_dir), "--packs-dir", str(packs_dir)]
    assert tool.main(argv) == 0
    assert (packs_dir / "JP" / "tariff.csv").is_file()
    (data_dir / "jp_tariff" / "jp_tariff_flat.csv").write_text("code\n1\n", encoding="utf-8")
    assert tool.main([*argv, "jp_tariff"]) == 1


# --- Malformed upstream rows -------------------------------------------------------------


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(data_dir: Path) -> None:
        path = data_dir / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture {relative} lacks {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        if relative == BASIC_JSON:
            _gzip(data_dir)

    return mutate


MALFORMED = [
    ("us_hts", "US", _replace("us_hts/hts_2026_rev_10_flat.csv", "0101.29.00,8", "0101.2X.00,8"),
     "hts_2026_rev_10_flat.csv", 5, "htsno"),
    ("us_hts", "US", _replace("us_hts/hts_2026_rev_10_flat.csv", "0103.10.00,8", "0103.10.00,10"),
     "hts_2026_rev_10_flat.csv", 7, "digits"),
    ("us_hts", "US", _replace("us_hts/revision_dates.csv", "2026-06-08", "2026-13-08"),
     "revision_dates.csv", 4, "effective_date"),
    ("us_hts", "US", _replace(BASIC_JSON, '"indent": "2",\n  "description": "Purebred',
     '"indent": "two",\n  "description": "Purebred'), "hts_2025_basic.json.gz", 3, "indent"),
    ("us_section301", "US", _replace("us_section301/s301_product_lists_with_rates.csv",
     "9903.88.02", "9903.88.99"), "s301_product_lists_with_rates.csv", 3, "ch99_code"),
    ("us_section301", "US", _replace("us_section301/s301_product_lists_with_rates.csv",
     "01012900,4A,9903.88.15,0.075", "01012900,4A,9903.88.15,0.1"),
     "s301_product_lists_with_rates.csv", 6, "s301_rate"),
    ("us_section301", "US", _replace("us_hts/hts_2026_rev_10_flat.csv",
     "subheading + 7.5%", "subheading + 10%"), "hts_2026_rev_10_flat.csv", 18, "general"),
    ("ukgt", "GB", _replace("uk_tariff/ukgt_2021_vs_eu_cet_clean.csv", "01012990,8", "0101299X,8"),
     "ukgt_2021_vs_eu_cet_clean.csv", 3, "commodity_code"),
    ("eu_cet", "EU", _replace("uk_tariff/ukgt_2021_vs_eu_cet_clean.csv", "61091000,8", "01012100,8"),
     "ukgt_2021_vs_eu_cet_clean.csv", 7, "commodity_code"),
    ("ukgt", "GB", _replace("uk_tariff/ukgt_2021_vs_eu_cet_clean.csv", ",ukgt_duty_rate,", ",ukgt,"),
     "ukgt_2021_vs_eu_cet_clean.csv", 1, "ukgt_duty_rate"),
    ("jp_tariff", "JP", _replace("jp_tariff/jp_tariff_flat.csv", "020130010,", "02013001X,"),
     "jp_tariff_flat.csv", 5, "code"),
    ("ukgt", "GB", _replace("hs/hs2017_hs2022_code_changes.csv", "added_in_2022,340250",
     "added_in_2022,340259"), "hs2017_hs2022_code_changes.csv", None, "hscode"),
    ("eu_cet", "EU", _replace("hs/hs2017_hs2022_code_changes.csv", "added_in_2022,070952",
     "added_in_2022,07095"), "hs2017_hs2022_code_changes.csv", 15, "hscode"),
    ("eu_cet", "EU", _replace("hs/hs2017_hs2022_code_changes.csv", "added_in_2022,070952",
     "moved_in_2022,070952"), "hs2017_hs2022_code_changes.csv", 15, "change"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "pack", "mutate", "file", "row", "field"), MALFORMED)
def test_malformed_row_stops_and_leaves_pack_untouched(
    data_dir: Path,
    packs_dir: Path,
    name: str,
    pack: str,
    mutate: Callable[[Path], None],
    file: str,
    row: int | None,
    field: str,
) -> None:
    existing = packs_dir / pack / "tariff.csv"
    existing.parent.mkdir(parents=True)
    existing.write_text("hand-kept sentinel\n", encoding="utf-8")
    before = _snapshot(packs_dir)
    mutate(data_dir)
    with pytest.raises(PackError) as caught:
        IMPORTERS[name](data_dir, packs_dir)
    assert (Path(caught.value.file or "").name, caught.value.row, caught.value.field) == (
        file,
        row,
        field,
    )
    assert _snapshot(packs_dir) == before
    assert [p.name for p in packs_dir.iterdir()] == [pack]  # no staging directory left
