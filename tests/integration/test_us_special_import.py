"""The US HTS importer writes the Special column: published text, dated, checksummed.

The shared fixtures carry no special texts; each test writes a few real ones into its own
copy of the fixture data directory (2025 basic JSON and 2026 revision 10 flat CSV).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from chuhai.errors import PackError
from chuhai.importers import import_us_hts
from chuhai.rules.loader import load_pack

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers" / "good"
BASIC = "us_hts/hts_2025_basic.json"
FLAT = "us_hts/hts_2026_rev_10_flat.csv"
BEEF_2025 = "Free (BH,CL,JO,MA,OM,P,PE,S,SG) 1.7% (KR) See 9822.04.01-9822.04.03 (AU)"
UMBRELLA = "Free (A,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)"
PACK_YAML = """\
jurisdiction: US
name: test
version: "0"
currency: USD
coverage_from: 2018-01-01
coverage_to: 2027-01-01
national_digits: 8
"""


def _write_basic(data_dir: Path, records: list[dict[str, object]]) -> None:
    raw = json.dumps(records).encode("utf-8")
    (data_dir / BASIC).write_bytes(raw)
    with gzip.GzipFile(data_dir / f"{BASIC}.gz", "wb", mtime=0) as handle:
        handle.write(raw)


def _set_special(data_dir: Path, basic: dict[str, object], rev: dict[str, str]) -> None:
    records = json.loads((data_dir / BASIC).read_text(encoding="utf-8"))
    for record in records:
        if record.get("htsno") in basic:
            record["special"] = basic[record["htsno"]]
    _write_basic(data_dir, records)
    path = data_dir / FLAT
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames or [], list(reader)
    for row in rows:
        row["special"] = rev.get(row["htsno"], row["special"])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURES, target)
    _set_special(
        target,
        basic={"0101.29.00": BEEF_2025, "6601.99.00.00": UMBRELLA},
        rev={"0101.29.00": "Free (BH,KR,S)", "6601.99.00.00": f" {UMBRELLA}\n"},
    )
    return target


def _special(packs_dir: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (packs_dir / "US" / "special.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["hs"], r["valid_from"]): r for r in csv.DictReader(handle)}


def test_special_text_is_written_as_published_and_dated_by_edition(
    data_dir: Path, tmp_path: Path
) -> None:
    packs_dir = tmp_path / "packs"
    report = import_us_hts(data_dir, packs_dir)
    rows = _special(packs_dir)
    assert set(rows) == {
        ("01012900", "2025-01-01"),
        ("01012900", "2026-06-08"),
        ("66019900", "2025-01-01"),
    }
    same = rows[("66019900", "2025-01-01")]
    assert (same["special"], same["valid_to"], same["source_id"], same["status"]) == (
        UMBRELLA,
        "",
        "usitc_hts_2026_rev10_special",
        "official",
    )
    old, new = rows[("01012900", "2025-01-01")], rows[("01012900", "2026-06-08")]
    assert (old["special"], old["valid_to"], old["source_id"]) == (
        BEEF_2025,
        "2026-06-08",
        "usitc_hts_2025_basic_special",
    )
    assert (new["special"], new["valid_to"]) == ("Free (BH,KR,S)", "")
    assert report.counts["national lines with special text"] == 2
    assert report.counts["special texts changed in revision 10"] == 1


def test_manifest_records_the_upstream_checksums_and_the_special_rows(
    data_dir: Path, tmp_path: Path
) -> None:
    packs_dir = tmp_path / "packs"
    import_us_hts(data_dir, packs_dir)
    manifest = json.loads((packs_dir / "US" / "manifest_hts.json").read_text(encoding="utf-8"))
    assert manifest["outputs"]["US/special.csv"] == 3
    for upstream in manifest["upstream"]:
        raw = (data_dir / upstream["path"]).read_bytes()
        assert upstream["sha256"] == hashlib.sha256(raw).hexdigest()
    sources = (packs_dir / "US" / "sources_hts.csv").read_text(encoding="utf-8")
    assert "usitc_hts_2026_rev10_special" in sources


def test_a_claim_reads_the_generated_special_column(data_dir: Path, tmp_path: Path) -> None:
    packs_dir = tmp_path / "packs"
    import_us_hts(data_dir, packs_dir)
    (packs_dir / "US" / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    (packs_dir / "US" / "special_programmes.csv").write_text(
        "indicator,scheme\nKR,KORUS\nS,USMCA\nA,\n", encoding="utf-8"
    )
    pack = load_pack(packs_dir / "US")
    before = pack.find_duty("0101290010", column="KORUS", as_of=date(2025, 3, 1))
    after = pack.find_duty("01012900", column="KORUS", as_of=date(2026, 7, 1))
    assert before is not None
    assert after is not None
    assert (before.line.expression, before.how) == ("1.7%", "parent")
    assert after.line.expression == "Free"
    assert pack.find_duty("01012900", column="USMCA", as_of=date(2025, 3, 1)) is not None
    assert pack.find_duty("66019900", column="GSP", as_of=date(2025, 3, 1)) is None


@pytest.mark.parametrize(
    ("records", "row", "field"),
    [
        ({"0101.21.00": 5}, 3, "special"),  # the JSON export's special is not text
        ({"0101.29.00": ["Free (KR)"]}, 4, "special"),
    ],
)
def test_malformed_special_stops_the_import_and_leaves_the_pack(
    data_dir: Path, tmp_path: Path, records: dict[str, object], row: int, field: str
) -> None:
    packs_dir = tmp_path / "packs"
    import_us_hts(data_dir, packs_dir)
    before = {p.name: p.read_bytes() for p in (packs_dir / "US").iterdir()}
    _set_special(data_dir, basic=records, rev={})
    with pytest.raises(PackError) as caught:
        import_us_hts(data_dir, packs_dir)
    error = caught.value
    assert (Path(error.file or "").name, error.row, error.field) == (
        "hts_2025_basic.json.gz",
        row,
        field,
    )
    assert {p.name: p.read_bytes() for p in (packs_dir / "US").iterdir()} == before


def test_a_flat_file_without_the_special_column_is_refused(data_dir: Path, tmp_path: Path) -> None:
    path = data_dir / FLAT
    path.write_text(path.read_text(encoding="utf-8").replace(",special,", ",specials,", 1))
    with pytest.raises(PackError) as caught:
        import_us_hts(data_dir, tmp_path / "packs")
    assert (Path(caught.value.file or "").name, caught.value.row, caught.value.field) == (
        "hts_2026_rev_10_flat.csv",
        1,
        "special",
    )
    assert not (tmp_path / "packs" / "US").exists()
