"""Loading and validating packs from directories: every rule dated, sourced, non-overlapping."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from chuhai.errors import OutOfCoverage, PackError, RuleNotFoundError, UnknownCountryError
from chuhai.rules.loader import load_pack
from chuhai.rules.registry import available_packs, get_pack

HEADER = """\
jurisdiction: XX
name: Test land
version: "1"
currency: EUR
coverage_from: 2025-01-01
coverage_to: 2026-01-01
"""
SOURCES = """\
source_id,title,url,publisher,retrieved_on,licence
src,Test source,https://example.org,Tester,2025-01-01,CC0
"""


def write_pack(tmp_path: Path, rules: str, *, tariff: str | None = None) -> Path:
    (tmp_path / "pack.yaml").write_text(HEADER)
    (tmp_path / "sources.csv").write_text(SOURCES)
    (tmp_path / "rules.yaml").write_text(textwrap.dedent(rules))
    if tariff is not None:
        (tmp_path / "tariff.csv").write_text(tariff)
    return tmp_path


VAT = """\
- id: vat_a
  subject: tax:vat
  kind: tax
  code: vat
  label: VAT
  rate: "0.20"
  import_base: [customs_value, duties]
  valid_from: 2020-01-01
  valid_to: {end}
  source_id: src
  status: official
- id: vat_b
  subject: tax:vat
  kind: tax
  code: vat
  label: VAT
  rate: "0.21"
  import_base: [customs_value, duties]
  valid_from: 2025-06-01
  source_id: src
  status: official
"""


def test_successive_rules_load(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, VAT.format(end="2025-06-01")))
    assert [r.id for r in pack.rules] == ["vat_a", "vat_b"]


def test_overlapping_rules_fail_naming_both(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="vat_a and vat_b overlap"):
        load_pack(write_pack(tmp_path, VAT.format(end="2025-07-01")))


def test_unknown_source_fails(tmp_path: Path) -> None:
    rules = VAT.format(end="2025-06-01").replace(
        "source_id: src\n  status: official\n", "source_id: nowhere\n  status: official\n", 1
    )
    with pytest.raises(PackError, match="unknown source 'nowhere'"):
        load_pack(write_pack(tmp_path, rules))


def test_float_rate_fails_naming_file_and_rule(tmp_path: Path) -> None:
    rules = VAT.format(end="2025-06-01").replace('rate: "0.20"', "rate: 0.20")
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, rules))
    assert "vat_a" in str(caught.value)
    assert "rules.yaml" in str(caught.value)
    assert caught.value.row == 1


def test_bad_status_fails(tmp_path: Path) -> None:
    rules = VAT.format(end="2025-06-01").replace("status: official", "status: rumour", 1)
    with pytest.raises(PackError, match="status"):
        load_pack(write_pack(tmp_path, rules))


RELIEF = """\
- id: relief
  kind: regime
  label: De minimis
  priority: 10
  duty: exempt
  {measures}
  valid_from: 2020-01-01
  source_id: src
  status: official
"""


def test_a_relief_that_claims_to_apply_measures_fails(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="duty: exempt relieves measures too"):
        load_pack(write_pack(tmp_path, RELIEF.format(measures="measures: apply")))
    pack = load_pack(write_pack(tmp_path, RELIEF.format(measures="measures: exempt")))
    assert [r.id for r in pack.rules] == ["relief"]


def test_end_before_start_fails(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="not after"):
        load_pack(write_pack(tmp_path, VAT.format(end="2019-01-01")))


def test_overlapping_tariff_lines_fail_naming_the_row(tmp_path: Path) -> None:
    tariff = (
        "hs,column,expression,valid_from,valid_to,source_id,status,description\n"
        "66019900,mfn,4.7%,2020-01-01,,src,official,\n"
        "66019900,mfn,5%,2025-01-01,,src,official,\n"
    )
    with pytest.raises(PackError, match="overlap"):
        load_pack(write_pack(tmp_path, VAT.format(end="2025-06-01"), tariff=tariff))


UNMAPPED = "hs,reason,hs2017,source_id\n620140,new in HS 2022,620111 620191,src\n"
TARIFF_6201 = (
    "hs,column,expression,valid_from,valid_to,source_id,status,description\n"
    "62011100,mfn,12%,2020-01-01,,src,official,\n"
)


def test_unmapped_hs2022_codes_load_and_stop_a_lookup(tmp_path: Path) -> None:
    directory = write_pack(tmp_path, VAT.format(end="2025-06-01"), tariff=TARIFF_6201)
    (directory / "hs2022_unmapped.csv").write_text(UNMAPPED)
    pack = load_pack(directory)
    assert pack.unmapped["620140"].hs2017 == ("620111", "620191")
    with pytest.raises(RuleNotFoundError, match=r"6201\.11 or 6201\.91$"):
        pack.find_duty("62014000", column="mfn", as_of=date(2025, 6, 1))


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("620140,", "62014,", "hs"),  # not 6 digits
        ("620140,", "62014000,", "hs"),  # a national code, not a subheading
        (",src\n", ",nowhere\n", "source_id"),
        ("620111 620191", "620111 6201.91", "hs2017"),
        ("new in HS 2022", "", "reason"),
    ],
)
def test_bad_unmapped_row_fails_naming_file_row_and_field(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    directory = write_pack(tmp_path, VAT.format(end="2025-06-01"), tariff=TARIFF_6201)
    (directory / "hs2022_unmapped.csv").write_text(UNMAPPED.replace(old, new))
    with pytest.raises(PackError) as caught:
        load_pack(directory)
    error = caught.value
    assert (Path(error.file or "").name, error.row, error.field) == (
        "hs2022_unmapped.csv",
        2,
        field,
    )


def test_unmapped_code_with_a_tariff_line_fails(tmp_path: Path) -> None:
    tariff = TARIFF_6201 + "620140,mfn,12%,2020-01-01,,src,official,\n"
    directory = write_pack(tmp_path, VAT.format(end="2025-06-01"), tariff=tariff)
    (directory / "hs2022_unmapped.csv").write_text(UNMAPPED)
    with pytest.raises(PackError, match="620140 has a tariff line") as caught:
        load_pack(directory)
    assert (caught.value.row, caught.value.field) == (2, "hs")


def test_coverage_is_enforced(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, VAT.format(end="2025-06-01")))
    pack.check_coverage(date(2025, 12, 31))
    with pytest.raises(OutOfCoverage, match="covers 2025-01-01 to 2026-01-01"):
        pack.check_coverage(date(2026, 1, 1))
    with pytest.raises(OutOfCoverage):
        pack.check_coverage(date(2024, 12, 31))


def test_alpha3_and_alpha2_reach_the_same_pack() -> None:
    assert get_pack("DEU") is get_pack("de")
    assert get_pack("DE").parent is get_pack("EU")


def test_unknown_destination_is_named() -> None:
    with pytest.raises(UnknownCountryError, match="destination"):
        get_pack("XZ")
    with pytest.raises(UnknownCountryError, match="no rule pack for AQ"):
        get_pack("AQ")


@pytest.mark.all_packs
@pytest.mark.parametrize("code", available_packs())
def test_every_shipped_pack_validates(code: str) -> None:
    pack = get_pack(code)
    assert pack.header.coverage_from < pack.header.coverage_to
    for rule in pack.rules:
        assert pack.source(rule.source_id).licence
