"""The US "Special" column: reading published texts, and finding a scheme's rate by code.

The texts are real HTSUS lines (2025 basic edition and 2026 revision 10).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

import pytest

from chuhai.domain.duty_expression import parse_duty_expression
from chuhai.domain.money import Money
from chuhai.domain.pack import Pack
from chuhai.domain.rule_schema import PackHeader, Source, Status, TariffLine
from chuhai.domain.us_special import SpecialColumn, SpecialRow, parse_special
from chuhai.errors import DutyExpressionError, RuleNotFoundError

LITHIUM = "Free (A,AU,B,BH,C,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)"  # 8507.60.00
HANDBAG = "Free (A,AU,BH,CL,CO,D,IL,JO,KR,MA,NP,OM,P,PA,PE,R,S,SG) 6.4% (E)"  # 4202.11.00
GLOVES = "Free (AU,BH, CL,CO,IL,JO, KR,MA,OM, P,PA,PE,S,SG) 31¢/kg + 5.4% (E)"  # 6116.93.64.00
BEEF_2025 = (  # 0201.10.50, 2025 basic edition
    "Free (BH,CL,CO,JO,MA,OM,P,PE,S,SG) 1.7% (KR) See 9822.04.01-9822.04.03 (AU) "
    "See 9919.02.01-9919.02.02 (PA)"
)
SPIRITS = "Free (A+,AU,BH,CL,CO,E,IL,JO,KR,MA,OM,P,PA,PE,SG) 1.9¢/liter + 13.9¢/pf. liter (S)"


def test_one_group_lists_every_indicator() -> None:
    rates = parse_special(LITHIUM).rates
    assert rates["KR"] == rates["S"] == rates["A"] == "Free"
    assert len(rates) == 19


def test_several_groups_and_an_ad_valorem_rate() -> None:
    rates = parse_special(HANDBAG).rates
    assert rates["E"] == "6.4%"
    assert rates["KR"] == "Free"


def test_compound_rate_with_lists_wrapped_across_lines() -> None:
    read = parse_special(GLOVES)
    assert read.rates["E"] == "31¢/kg + 5.4%"
    assert read.rates["CL"] == read.rates["KR"] == "Free"
    duty = parse_duty_expression(read.rates["E"])
    assert duty.evaluate(value=Money("100.00", "USD"), quantities={"kg": Decimal("10")}) == Money(
        "8.50", "USD"
    )


def test_specific_rate_and_references_to_chapter_98_and_99() -> None:
    read = parse_special(BEEF_2025)
    assert read.rates["KR"] == "1.7%"
    assert read.references == {"AU": "See 9822.04.01-9822.04.03", "PA": "See 9919.02.01-9919.02.02"}
    assert "AU" not in read.rates
    assert parse_special(SPIRITS).rates["S"] == "1.9¢/liter + 13.9¢/pf. liter"


def test_missing_spaces_and_newlines_and_starred_indicators() -> None:
    assert parse_special("Free(AU,KR)25% (E)").rates == {"AU": "Free", "KR": "Free", "E": "25%"}
    assert parse_special("Free \n(A*,E*,J*,KR)").rates["A*"] == "Free"
    assert parse_special("Free (A*,AU,D,E IL,JO)").rates["IL"] == "Free"  # space for a comma


def test_a_repeated_indicator_with_one_rate_is_accepted() -> None:
    text = "Free (A,AU,BH,CL,CO,D,E,IL,JO,L,KR,L,MA,OM,P,PA,PE,S,SG)"
    assert parse_special(text).rates["L"] == "Free"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Free (AU,BH,CL,CO,IL,JO,KR,MA,.OM,P,PA,PE,S,SG)", "unknown programme indicator '.OM'"),
        ("Free (BH,KR) See 9919.04.50 (PA (PA)", "no 'rate (indicators)' group"),
        ("Free (KR) 5% (KR)", "indicator KR has two rates"),
        ("Free", "no 'rate (indicators)' group"),
        ("Free (KR) 5%", "no 'rate (indicators)' group"),
        ("(KR)", "no 'rate (indicators)' group"),
        ("", "it is empty"),
    ],
)
def test_unknown_forms_raise_rather_than_guess(text: str, reason: str) -> None:
    with pytest.raises(DutyExpressionError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_special(text)


# --- Finding a scheme's rate through the pack --------------------------------------------

SOURCE = Source(
    source_id="s", title="t", url="u", publisher="p", retrieved_on=date(2026, 1, 1), licence="l"
)
D2025, D2026 = date(2025, 3, 1), date(2026, 7, 1)


def _mfn(hs: str, expression: str) -> TariffLine:
    return TariffLine(
        hs=hs,
        column="mfn",
        expression=expression,
        valid_from=date(2025, 1, 1),
        source_id="s",
        status=Status.OFFICIAL,
    )


def _row(text: str, start: date = date(2025, 1, 1), end: date | None = None) -> SpecialRow:
    return SpecialRow(text, start, end, "s", Status.OFFICIAL)


def _pack(rows: Mapping[str, Sequence[SpecialRow]], mfn: Mapping[str, str]) -> Pack:
    header = PackHeader(
        jurisdiction="US",
        name="US",
        version="t",
        currency="USD",
        coverage_from=date(2025, 1, 1),
        coverage_to=date(2027, 1, 1),
        national_digits=8,
    )
    special = SpecialColumn(load_rows=lambda: rows, load_schemes=lambda: {"KORUS": ("KR",)})
    tariff = {"mfn": {hs: [_mfn(hs, text)] for hs, text in mfn.items()}}
    return Pack(header=header, sources={"s": SOURCE}, rules=[], tariff=tariff, special=special)


MFN = {"42021100": "8%", "02011050": "26.4%", "61161005": "Free", "61161008": "5%"}
ROWS = {
    "42021100": [_row(HANDBAG)],
    "02011050": [_row(BEEF_2025, end=date(2026, 6, 8)), _row("Free (BH,KR)", date(2026, 6, 8))],
    "61161008": [_row("Free (AU,KR)")],
}


def test_exact_and_parent_lines_and_the_text_in_force_on_the_day() -> None:
    pack = _pack(ROWS, MFN)
    exact = pack.find_duty("42021100", column="KORUS", as_of=D2026)
    assert exact is not None
    assert (exact.line.expression, exact.how, exact.line.column) == ("Free", "exact", "KORUS")
    parent = pack.find_duty("0201105000", column="KORUS", as_of=D2025)
    assert parent is not None
    assert (parent.line.hs, parent.line.expression, parent.how) == ("02011050", "1.7%", "parent")
    later = pack.find_duty("02011050", column="KORUS", as_of=D2026)
    assert later is not None
    assert later.line.expression == "Free"


def test_a_line_without_the_scheme_has_no_preferential_rate() -> None:
    pack = _pack(ROWS, MFN)
    assert pack.find_duty("61161005", column="KORUS", as_of=D2026) is None  # no special text
    assert pack.find_duty("99999999", column="KORUS", as_of=D2026) is None
    assert pack.find_duty("42021100", column="RCEP", as_of=D2026) is None  # not a US scheme


def test_a_coarse_code_whose_lines_differ_is_refused() -> None:
    with pytest.raises(RuleNotFoundError, match="61161005 \\(none\\), 61161008 \\(Free\\)"):
        _pack(ROWS, MFN).find_duty("611610", column="KORUS", as_of=D2026)


def test_the_texts_are_read_only_at_the_first_claim() -> None:
    calls: list[int] = []

    def load_rows() -> Mapping[str, Sequence[SpecialRow]]:
        calls.append(1)
        return ROWS

    special = SpecialColumn(load_rows=load_rows, load_schemes=lambda: {"KORUS": ("KR",)})
    pack = _pack(ROWS, MFN)
    pack.special = special
    pack.find_duty("42021100", column="mfn", as_of=D2026)
    assert calls == []
    pack.find_duty("42021100", column="KORUS", as_of=D2026)
    pack.find_duty("02011050", column="KORUS", as_of=D2026)
    assert calls == [1]


def test_an_unreadable_text_names_the_line() -> None:
    rows = {"62046311": [_row("Free (AU,BH,CL,CO,IL,JO,KR,MA,.OM,P,PA,PE,S,SG)")]}
    pack = _pack(rows, {"62046311": "28.2%"})
    with pytest.raises(DutyExpressionError, match=r"HTS 62046311: .*'\.OM'"):
        pack.find_duty("62046311", column="KORUS", as_of=D2025)
