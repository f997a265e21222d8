"""Data checks on the hand-labelled HS-code gold set (tests/fixtures/hs_gold/gold.csv).

These check the set itself, not any suggester: its shape, its balance, and that every
label is a real HS 2022 subheading of the nomenclature chuhai ships.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from chuhai.errors import UnknownHSCodeError
from chuhai.rules.hs_nomenclature import get_hs_entry

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "hs_gold" / "gold.csv"
COLUMNS = ["title", "code", "lang", "family", "rationale"]
FAMILIES = {"umbrellas", "footwear", "apparel", "bags", "ceramics", "hygiene", "snacks"}
LANGS = {"zh", "en", "mixed"}

MIN_ROWS = 150
MIN_PER_LANG = 60  # for zh and en each
MIN_PER_FAMILY = 20

# CJK Unified Ideographs, Extension A and Compatibility Ideographs.
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile("[A-Za-z]{2,}")
SIX_DIGITS = re.compile(r"\d{6}")


def load_rows() -> list[dict[str, str]]:
    with GOLD.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS, f"header is {reader.fieldnames}, want {COLUMNS}"
        return list(reader)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return load_rows()


def test_enough_rows(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= MIN_ROWS, f"{len(rows)} rows, want at least {MIN_ROWS}"


def test_no_empty_cells(rows: list[dict[str, str]]) -> None:
    bad = [
        (n, col)
        for n, row in enumerate(rows, start=2)
        for col in COLUMNS
        if not (row[col] or "").strip()
    ]
    assert not bad, f"empty cells (line, column): {bad}"


def test_no_surrounding_whitespace(rows: list[dict[str, str]]) -> None:
    bad = [
        (n, col)
        for n, row in enumerate(rows, start=2)
        for col in COLUMNS
        if row[col] != row[col].strip()
    ]
    assert not bad, f"cells with leading/trailing whitespace (line, column): {bad}"


def test_codes_are_six_digits(rows: list[dict[str, str]]) -> None:
    bad = [
        (n, row["code"])
        for n, row in enumerate(rows, start=2)
        if not SIX_DIGITS.fullmatch(row["code"])
    ]
    assert not bad, f"codes that are not exactly 6 digits (line, code): {bad}"


def test_codes_are_hs2022_subheadings(rows: list[dict[str, str]]) -> None:
    bad: list[tuple[int, str, str]] = []
    for n, row in enumerate(rows, start=2):
        try:
            entry = get_hs_entry(row["code"], edition="2022")
        except UnknownHSCodeError as exc:
            bad.append((n, row["code"], str(exc)))
            continue
        if entry.level != 6 or entry.code != row["code"]:
            bad.append((n, row["code"], f"level {entry.level}, code {entry.code}"))
    assert not bad, f"codes not found as HS 2022 subheadings: {bad}"


def test_families_known_and_balanced(rows: list[dict[str, str]]) -> None:
    counts = Counter(row["family"] for row in rows)
    unknown = set(counts) - FAMILIES
    assert not unknown, f"unknown families: {sorted(unknown)}"
    thin = {f: counts.get(f, 0) for f in FAMILIES if counts.get(f, 0) < MIN_PER_FAMILY}
    assert not thin, f"families under {MIN_PER_FAMILY} rows: {thin}"


def test_languages_known_and_balanced(rows: list[dict[str, str]]) -> None:
    counts = Counter(row["lang"] for row in rows)
    unknown = set(counts) - LANGS
    assert not unknown, f"unknown lang values: {sorted(unknown)}"
    for lang in ("zh", "en"):
        assert counts[lang] >= MIN_PER_LANG, f"{counts[lang]} {lang} rows, want {MIN_PER_LANG}+"


def test_no_duplicate_titles(rows: list[dict[str, str]]) -> None:
    counts = Counter(" ".join(row["title"].split()).casefold() for row in rows)
    dupes = sorted(t for t, c in counts.items() if c > 1)
    assert not dupes, f"duplicate titles: {dupes}"


def lang_problem(title: str, lang: str) -> str | None:
    has_cjk = bool(CJK.search(title))
    if lang == "zh" and not has_cjk:
        return "zh title has no CJK characters"
    if lang == "en" and has_cjk:
        return "en title contains CJK characters"
    if lang == "mixed" and not (has_cjk and LATIN_WORD.search(title)):
        return "mixed title needs both CJK characters and a Latin word"
    return None


def test_lang_matches_text(rows: list[dict[str, str]]) -> None:
    bad = [
        (n, row["lang"], row["title"], problem)
        for n, row in enumerate(rows, start=2)
        if (problem := lang_problem(row["title"], row["lang"]))
    ]
    assert not bad, f"lang column inconsistent with title: {bad}"


@pytest.mark.parametrize(
    ("title", "lang", "ok"),
    [
        ("纯棉短袖T恤 男", "zh", True),
        ("Cotton T-Shirt", "zh", False),
        ("Cotton T-Shirt", "en", True),
        ("Cotton T-Shirt 纯棉", "en", False),
        ("Hoodie 卫衣", "mixed", True),
        ("卫衣 连帽", "mixed", False),
    ],
)
def test_lang_check_can_fail(title: str, lang: str, ok: bool) -> None:
    assert (lang_problem(title, lang) is None) is ok
