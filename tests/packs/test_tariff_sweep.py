"""Every generated tariff line whose rate parses evaluates to an independent hand computation.

A full sweep, not a sample: for each line of ``US``, ``GB``, ``EU`` and ``JP`` ``tariff.csv``
(every column) whose expression :func:`parse_duty_expression` accepts, the duty on a
generated line (value 1000.00 in the pack's currency, JPY 100000; a quantity for every unit)
is compared with a tiny evaluator written here without the parser: ad valorem (rate x
value), specific (amount x quantity / per), and their sum. Forms this evaluator does not
read (minimum/maximum, "the higher of", rates in another currency) are counted as not
cross-checked. Run with ``-s`` to print the counts.

The Section 301 rules are checked the same way: the first code of each list, on a date
inside each rate period, meets exactly its list's rate, and no rule before the first.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

duty_expression = pytest.importorskip(
    "chuhai.domain.duty_expression", reason="the duty expression parser is not available yet"
)

from chuhai.domain.duty_units import CANONICAL_UNITS  # noqa: E402
from chuhai.domain.money import Money  # noqa: E402
from chuhai.errors import DutyExpressionError, UnknownCurrencyError  # noqa: E402

PACKS = Path(__file__).resolve().parents[2] / "src" / "chuhai" / "data" / "packs"
VALUES = {"US": ("1000.00", "USD"), "GB": ("1000.00", "GBP"), "EU": ("1000.00", "EUR")}
VALUES["JP"] = ("100000", "JPY")
# A distinct quantity for every canonical unit, so a wrong unit shows as a wrong amount.
QUANTITIES = {unit: Decimal(7 + 3 * n) for n, unit in enumerate(sorted(CANONICAL_UNITS))}
QUANTITIES.update(kg=Decimal(100), item=Decimal(50), pair=Decimal(25), l=Decimal(40))

# The independent reading: unit spellings -> (canonical unit, how many of it one spelled unit is).
UNITS: dict[str, tuple[str, int | Decimal]] = {
    "kg": ("kg", 1),
    "100kg": ("kg", 100),
    "1000kg": ("kg", 1000),
    "tonne": ("kg", 1000),
    "t": ("kg", 1000),
    "l": ("l", 1),
    "liter": ("l", 1),
    "hl": ("l", 100),
    "kl": ("l", 1000),
    "bbl": ("l", Decimal("158.987294928")),  # 42 US gallons
    "m2": ("m2", 1),
    "m3": ("m3", 1),
    "m": ("m", 1),
    "item": ("item", 1),
    "items": ("item", 1),
    "each": ("item", 1),
    "no.": ("item", 1),
    "head": ("item", 1),
    "p/st": ("item", 1),
    "1000items": ("item", 1000),
    "1,000items": ("item", 1000),
    "1000p/st": ("item", 1000),
    "doz.": ("item", 12),
    "gross": ("item", 144),
    "pr.": ("pair", 1),
    "doz.pr.": ("pair", 12),
    "頭": ("item", 1),
    "個": ("item", 1),
    "本": ("item", 1),
    "足": ("pair", 1),
}
SIGNS = {"$": ("USD", Decimal(1)), "¢": ("USD", Decimal("0.01")), "円": ("JPY", Decimal(1))}
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")
_US_AMOUNT = re.compile(r"^(\$)?(\d+(?:\.\d+)?)(¢)?(?:/(.+)| (each))$")
_CODE_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?) ?([A-Z]{3}) ?/ ?(.+)$")
_JP_AMOUNT = re.compile(r"^([\d,]+(?:\.\d+)?)円/(.+)$")


def independent(text: str, value: Decimal, currency: str) -> Decimal | None:
    """Hand computation for ad valorem, specific and compound texts; None if not one of them."""
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lstrip("*")
    if folded.startswith("(") and folded.endswith(")") and folded.count("(") == 1:
        folded = folded[1:-1]
    total = Decimal(0)
    for part in folded.split("+"):
        amount = _part(part.strip(), value, currency)
        if amount is None:
            return None
        total += amount
    return total


def _part(part: str, value: Decimal, currency: str) -> Decimal | None:
    if part.lower() in ("free", "無税"):
        return Decimal(0)
    percent = _PERCENT.match(part)
    if percent:
        return value * Decimal(percent[1]) / 100
    amount, money, unit = _specific(part)
    if amount is None or money != currency or unit not in UNITS:
        return None
    canonical, per = UNITS[unit]
    return amount * QUANTITIES[canonical] / per


def _specific(part: str) -> tuple[Decimal | None, str, str]:
    us = _US_AMOUNT.match(part)
    if us:
        code, worth = SIGNS["¢"] if us[3] else SIGNS["$"] if us[1] else ("", Decimal(0))
        unit = "each" if us[5] else us[4].replace(" ", "").lower()
        return Decimal(us[2]) * worth, code, unit
    coded = _CODE_AMOUNT.match(part)
    if coded:
        return Decimal(coded[1]), coded[2], coded[3].replace(" ", "").lower()
    jp = _JP_AMOUNT.match(part)
    if jp:
        return Decimal(jp[1].replace(",", "")), "JPY", jp[2]
    return None, "", ""


@dataclass
class Sweep:
    """Counts for one pack and column."""

    lines: int = 0
    parsed: int = 0
    checked: int = 0
    unparsed: Counter[str] = field(default_factory=Counter)
    unparsed_sources: Counter[str] = field(default_factory=Counter)  # source_id -> not rates
    unchecked: Counter[str] = field(default_factory=Counter)
    mismatches: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.lines} lines, {self.parsed} parse, {self.checked} cross-checked, "
            f"{self.parsed - self.checked} not cross-checked, {self.lines - self.parsed} not rates"
        )


def _rows(pack: str) -> list[dict[str, str]]:
    path = PACKS / pack / "tariff.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _sweep(pack: str) -> dict[str, Sweep]:
    amount, currency = VALUES[pack]
    value = Money(amount, currency)
    sweeps: dict[str, Sweep] = {}
    for row in _rows(pack):
        sweep = sweeps.setdefault(row["column"], Sweep())
        sweep.lines += 1
        text = row["expression"]
        try:
            parsed = duty_expression.parse_duty_expression(text)
            got = parsed.evaluate(value=value, quantities=QUANTITIES).amount
        except (DutyExpressionError, UnknownCurrencyError):
            sweep.unparsed[text] += 1
            sweep.unparsed_sources[row["source_id"]] += 1
            continue
        sweep.parsed += 1
        expected = independent(text, value.amount, currency)
        if expected is None:
            sweep.unchecked[text] += 1
        elif expected == got:
            sweep.checked += 1
        else:
            sweep.mismatches.append(f"{row['hs']} {text!r}: parser {got}, by hand {expected}")
    return sweeps


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pack", "columns"),
    [("US", {"mfn"}), ("GB", {"mfn"}), ("EU", {"mfn"}), ("JP", {"mfn", "RCEP"})],
)
def test_every_parsed_line_matches_a_hand_computation(pack: str, columns: set[str]) -> None:
    sweeps = _sweep(pack)
    assert set(sweeps) == columns
    for column, sweep in sorted(sweeps.items()):
        print(f"\n{pack} {column}: {sweep.line()}")
        print(f"  not cross-checked, commonest: {sweep.unchecked.most_common(3)}")
        print(f"  not rates, commonest: {sweep.unparsed.most_common(3)}")
        assert not sweep.mismatches, f"{pack} {column}: {sweep.line()}\n" + "\n".join(
            sweep.mismatches[:20]
        )
        assert sweep.checked >= 0.9 * sweep.parsed, f"{pack} {column}: {sweep.line()}"
        # HS 2022 subheadings without a line live in hs2022_unmapped.csv, not as "rates"
        assert sweep.unparsed_sources["hs2017_hs2022_changes"] == 0


def test_independent_evaluator_reads_the_common_forms() -> None:
    thousand = Decimal(1000)
    assert independent("Free", thousand, "USD") == 0
    assert independent("8.2%", thousand, "USD") == Decimal("82")
    assert independent("1¢/kg", thousand, "USD") == Decimal("1")
    assert independent("$1.035/kg + 14.9%", thousand, "USD") == Decimal("252.5")
    assert independent("35.10 GBP / 100 kg", thousand, "GBP") == Decimal("35.10")
    assert independent("(10.9%)", thousand, "JPY") == Decimal("109")
    assert independent("21.3%＋54円/kg", thousand, "JPY") == Decimal("5613")
    assert independent("25%, but not less than $1.15/kg", thousand, "USD") is None


# --- Section 301 -------------------------------------------------------------------------

# list file stem -> rate periods (from, to or None, rate), written from the USTR notices.
S301_TIMELINE: dict[str, list[tuple[str, str | None, str]]] = {
    "s301_list1": [("2018-07-06", None, "25%")],
    "s301_list2": [("2018-08-23", None, "25%")],
    "s301_list3": [("2018-09-24", "2019-05-10", "10%"), ("2019-05-10", None, "25%")],
    "s301_list3_addl": [("2018-09-24", "2019-05-10", "10%"), ("2019-05-10", None, "25%")],
    "s301_list4a": [("2019-09-01", "2020-02-14", "15%"), ("2020-02-14", None, "7.5%")],
    "s301_list4b": [],
    "s301_2024_25": [("2024-09-27", None, "25%")],
    "s301_2024_50": [("2024-09-27", None, "50%")],
    "s301_2024_100": [("2024-09-27", None, "100%")],
    "s301_2025_25": [("2025-01-01", None, "25%")],
    "s301_2025_50": [("2025-01-01", None, "50%")],
    "s301_2026_25": [("2026-01-01", None, "25%")],
    "s301_2026_50": [("2026-01-01", None, "50%")],
    "s301_2026_100": [("2026-01-01", None, "100%")],
    "s301_cranes": [("2024-09-27", None, "25%")],
}


def _s301_rules() -> list[dict[str, Any]]:
    path = PACKS / "US" / "rules_s301.yaml"
    rules: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return rules


def _active(rules: list[dict[str, Any]], code: str, on: date) -> list[dict[str, Any]]:
    """Rules whose list holds ``code`` and that are in force on ``on``."""
    hits = []
    for rule in rules:
        codes = (PACKS / "US" / "lists" / f"{rule['hs_list']}.csv").read_text().split()[1:]
        end = rule.get("valid_to")
        if code in codes and rule["valid_from"] <= on and (end is None or on < end):
            hits.append(rule)
    return hits


@pytest.mark.parametrize("name", sorted(S301_TIMELINE))
def test_a_china_line_on_each_section301_list_gets_its_rate(name: str) -> None:
    rules = [rule for rule in _s301_rules() if rule["hs_list"] == name]
    codes = (PACKS / "US" / "lists" / f"{name}.csv").read_text().split()
    assert codes[0] == "hs"
    assert len(codes) > 1
    first = codes[1]
    periods = S301_TIMELINE[name]
    if not periods:
        assert rules == [], f"{name} is suspended and must levy nothing"
        return
    start = date.fromisoformat(periods[0][0])
    assert _active(rules, first, start - timedelta(days=1)) == []
    for begin, end, rate in periods:
        for on in _inside(date.fromisoformat(begin), end):
            hits = _active(rules, first, on)
            assert [rule["expression"] for rule in hits] == [rate], f"{name} {first} on {on}"
            assert hits[0]["when"]["origins"] == ["CN"]


def _inside(begin: date, end: str | None) -> list[date]:
    last = date.fromisoformat(end) - timedelta(days=1) if end else date(2026, 12, 31)
    return [begin, begin + (last - begin) / 2, last]


def test_review_increases_replace_the_earlier_lists() -> None:
    for rule in _s301_rules():
        early = rule["hs_list"].startswith("s301_list")
        assert rule["group"] == ("s301" if early else "s301_2024")
        assert ("s301_2024" in rule.get("not_with", [])) is early


# --- The US Special column ---------------------------------------------------------------

_GROUP = re.compile(r"([^()]*)\(([^()]*)\)")


def hand_special(text: str, indicator: str) -> str | None:
    """The rate text for ``indicator`` split by hand: the group whose list names it."""
    found = [
        rate.strip()
        for rate, listed in _GROUP.findall(" ".join(text.split()))
        if indicator in re.split(r"[,\s]+", listed)
    ]
    return found[0] if len(found) == 1 else None


def _special_rows() -> list[dict[str, str]]:
    path = PACKS / "US" / "special.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("scheme", "indicator"), [("KORUS", "KR"), ("USMCA", "S"), ("AUSFTA", "AU")]
)
def test_every_special_rate_the_engine_finds_matches_a_hand_computation(
    scheme: str, indicator: str
) -> None:
    """Every dated special text listing the indicator: the rate the US pack finds for the
    scheme (through ``Pack.find_duty``) evaluates to the hand computation of the text's own
    group, and a text that does not give the indicator a rate gives the scheme none."""
    from chuhai.domain.duties import expression
    from chuhai.rules.registry import get_pack

    pack = get_pack("US")
    value = Money("1000.00", "USD")
    sweep, references, unreadable = Sweep(), 0, Counter[str]()
    for row in _special_rows():
        day = date.fromisoformat(row["valid_from"])
        try:
            match = pack.find_duty(row["hs"], column=scheme, as_of=day)
        except DutyExpressionError:
            unreadable[row["special"]] += 1
            continue
        text = hand_special(row["special"], indicator)
        if text is None or text.startswith("See "):
            references += text is not None
            assert match is None, f"{row['hs']} {row['special']!r}: {scheme} found {match}"
            continue
        sweep.lines += 1
        assert match is not None, f"{row['hs']} {row['special']!r}: no {scheme} rate"
        assert (match.line.hs, match.how) == (row["hs"], "exact")
        try:
            got = expression(match.line.expression).evaluate(value=value, quantities=QUANTITIES)
        except DutyExpressionError:
            sweep.unparsed[text] += 1
            sweep.unparsed_sources[row["source_id"]] += 1
            continue
        sweep.parsed += 1
        expected = independent(text, value.amount, "USD")
        if expected is None:
            sweep.unchecked[text] += 1
        elif expected == got.amount:
            sweep.checked += 1
        else:
            sweep.mismatches.append(f"{row['hs']} {text!r}: engine {got}, by hand {expected}")
    print(f"\nUS {scheme} ({indicator}): {sweep.line()}; {references} references to ch. 98/99")
    print(f"  unreadable texts (claims refused): {sum(unreadable.values())}")
    assert not sweep.mismatches, "\n".join(sweep.mismatches[:20])
    assert sweep.checked >= 0.9 * sweep.parsed > 0
    assert sum(unreadable.values()) <= 10


def test_hand_split_of_special_texts() -> None:
    text = "Free (A,AU,KR) See 9822.04.01 (S+) 31¢/kg + 5.4% (E,\nIL)"
    assert hand_special(text, "KR") == "Free"
    assert hand_special(text, "IL") == "31¢/kg + 5.4%"
    assert hand_special(text, "S+") == "See 9822.04.01"
    assert hand_special(text, "S") is None
