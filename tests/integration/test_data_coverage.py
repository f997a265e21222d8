"""``data_coverage`` reads pack files without loading tariffs; it must agree with loaded packs."""

from __future__ import annotations

from chuhai.rules.registry import available_packs, get_pack
from chuhai.services.coverage import data_coverage, pack_coverage


def test_file_figures_equal_the_loaded_packs_figures() -> None:
    fast = data_coverage()
    assert [row.code for row in fast] == available_packs()
    assert fast == [pack_coverage(get_pack(code)) for code in available_packs()]


def test_member_state_counts_its_unions_tariff() -> None:
    rows = {row.code: row for row in data_coverage()}
    assert rows["DE"].tariff_lines == rows["EU"].tariff_lines
    assert rows["DE"].national_digits == rows["EU"].national_digits == 8
    assert rows["DE"].rules > rows["EU"].rules
    assert rows["TH"].tariff_lines == {"mfn": 15, "ACFTA": 15}


def test_hs2022_codes_without_a_line_are_counted_apart_from_tariff_lines() -> None:
    rows = {row.code: row for row in data_coverage()}
    assert rows["GB"].unmapped_hs2022 == rows["EU"].unmapped_hs2022 == 363
    assert rows["DE"].unmapped_hs2022 == 363  # the union's tariff
    assert rows["US"].unmapped_hs2022 == 0
    assert rows["GB"].tariff_lines == rows["EU"].tariff_lines == {"mfn": 9381}
