"""The shipped HS nomenclature (HS 2022, HS 2017) and its hand-written Chinese descriptions."""

from __future__ import annotations

import csv
import io
import json
from importlib.resources import files

import pytest

from chuhai.domain.rule_schema import Status
from chuhai.errors import InputError, UnknownHSCodeError
from chuhai.rules.hs_nomenclature import (
    EditionChange,
    changed_between_editions,
    children,
    get_hs_entry,
    get_section,
    search,
)

PACK = files("chuhai").joinpath("data", "hs")
CHAPTERS = [f"{n:02d}" for n in range(1, 98) if n != 77]  # chapter 77 is reserved in the HS
JINJIANG_CHAPTERS = {
    str(n) for n in (19, 20, 21, 33, 34, 39, 42, 48, 61, 62, 63, 64, 65, 66, 69, 95, 96)
}


def read_csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(PACK.joinpath(name).read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def chinese() -> list[dict[str, str]]:
    return read_csv("descriptions_zh.csv")


@pytest.fixture(scope="module")
def hs2022() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_csv("hs2022.csv")}


class TestShippedFiles:
    def test_sizes_and_counts(self) -> None:
        total = sum(len(entry.read_bytes()) for entry in PACK.iterdir() if entry.is_file())
        assert total < 1_500_000
        counts = json.loads(PACK.joinpath("manifest.json").read_text(encoding="utf-8"))["counts"]
        assert counts["hs2022 level 2"] == 96
        assert counts["hs2022 level 4"] == 1228
        assert counts["hs2022 level 6"] == 5612
        assert counts["hs2017 level 6"] == 5387

    def test_sections(self) -> None:
        rows = read_csv("sections.csv")
        assert [int(r["number"]) for r in rows] == list(range(1, 22))
        assert all(r["description_en"] and r["description_zh"] for r in rows)

    def test_sources_name_the_translation_as_not_official(self) -> None:
        sources = {row["source_id"]: row for row in read_csv("sources.csv")}
        assert "not an official translation" in sources["chuhai_translation"]["title"]
        assert sources["datasets_hs2022"]["licence"] == "ODC-PDDL-1.0"
        assert "ODC-PDDL-1.0" in PACK.joinpath("SOURCES.md").read_text(encoding="utf-8")


class TestChinese:
    def test_every_chapter_has_one(self, chinese: list[dict[str, str]]) -> None:
        codes = {row["code"] for row in chinese}
        assert [c for c in CHAPTERS if c not in codes] == []

    def test_every_heading_of_the_jinjiang_chapters_has_one(
        self, chinese: list[dict[str, str]], hs2022: dict[str, dict[str, str]]
    ) -> None:
        codes = {row["code"] for row in chinese}
        headings = [c for c in hs2022 if len(c) == 4 and c[:2] in JINJIANG_CHAPTERS]
        assert len(headings) == 185
        assert [c for c in headings if c not in codes] == []

    def test_codes_unique_and_in_hs2022(
        self, chinese: list[dict[str, str]], hs2022: dict[str, dict[str, str]]
    ) -> None:
        codes = [row["code"] for row in chinese]
        assert len(codes) == len(set(codes))
        assert [c for c in codes if c not in hs2022] == []
        assert codes == sorted(codes)

    def test_statuses_and_sources(self, chinese: list[dict[str, str]]) -> None:
        sources = {row["source_id"] for row in read_csv("sources.csv")}
        for row in chinese:
            assert Status(row["status"]) is Status.ESTIMATED, row["code"]  # never official
            assert row["source_id"] in sources
            assert row["description_zh"].strip() == row["description_zh"] != ""
            assert "," not in row["description_zh"], "use full-width Chinese punctuation"


class TestLookup:
    def test_a_subheading_with_its_path(self) -> None:
        entry = get_hs_entry("6402.99")
        assert (entry.code, entry.level, entry.parent, entry.section) == (
            "640299",
            6,
            "6402",
            "XII",
        )
        assert entry.path == ("64", "6402")
        assert entry.description_zh is None  # only chapters and headings are translated
        assert entry.edition == "2022"

    @pytest.mark.parametrize("code", ["6601", "66.01", " 66 01 ", "66-01"])
    def test_dots_spaces_and_hyphens(self, code: str) -> None:
        entry = get_hs_entry(code)
        assert entry.description_zh == "雨伞及阳伞（包括手杖伞、庭园用伞及类似伞）"
        assert entry.zh_status is Status.ESTIMATED
        assert entry.parent == "66"

    def test_a_chapter(self) -> None:
        entry = get_hs_entry("01")
        assert (entry.parent, entry.path, entry.section) == (None, (), "I")
        assert entry.description_zh == "活动物"

    @pytest.mark.parametrize("code", ["6699", "7700", "99", "640299001", "abcd", "", "6"])
    def test_unknown_code(self, code: str) -> None:
        with pytest.raises(UnknownHSCodeError) as raised:
            get_hs_entry(code)
        assert raised.value.field == "hs_code"
        assert raised.value.code == "unknown_hs_code"

    def test_unknown_edition(self) -> None:
        with pytest.raises(InputError) as raised:
            get_hs_entry("6601", edition="2012")
        assert raised.value.field == "edition"

    def test_children(self) -> None:
        assert [e.code for e in children("6601")] == ["660110", "660191", "660199"]
        assert [e.code for e in children("95")] == ["9503", "9504", "9505", "9506", "9507", "9508"]
        assert children("660110") == ()

    def test_leggings_typo_fixed(self) -> None:
        assert "gaiters, leggings and similar" in get_hs_entry("6406").description_en


class TestEditions:
    def test_hs2017_only_code(self) -> None:
        entry = get_hs_entry("0305.10", edition="2017")
        assert entry.description_en.startswith("Fish; flours, meals and pellets")
        with pytest.raises(UnknownHSCodeError):
            get_hs_entry("030510")

    def test_hs2017_shares_texts_and_chinese_when_unchanged(self) -> None:
        old, new = get_hs_entry("6402", edition="2017"), get_hs_entry("6402")
        assert old.description_en == new.description_en
        assert old.description_zh == new.description_zh
        assert old.edition == "2017"

    def test_hs2017_drops_chinese_where_the_text_changed(self) -> None:
        old, new = get_hs_entry("0305", edition="2017"), get_hs_entry("0305")
        assert old.description_en != new.description_en
        assert old.description_zh is None

    @pytest.mark.parametrize(
        ("code", "change"),
        [
            ("030910", EditionChange.ADDED_IN_2022),
            ("0309", EditionChange.ADDED_IN_2022),
            ("0305.10", EditionChange.REMOVED_IN_2022),
            ("8803", EditionChange.REMOVED_IN_2022),
            ("660110", EditionChange.IN_BOTH),
        ],
    )
    def test_changed_between_editions(self, code: str, change: EditionChange) -> None:
        assert changed_between_editions(code) is change

    def test_agrees_with_the_change_list(self) -> None:
        rows = read_csv("hs2017_hs2022_changes.csv")
        assert len(rows) == 515
        for row in rows:
            assert changed_between_editions(row["code"]).value == row["change"]

    def test_unknown_in_both(self) -> None:
        with pytest.raises(UnknownHSCodeError):
            changed_between_editions("999999")


class TestSearch:
    def test_english_any_case(self) -> None:
        found = search("UMBRELLA")
        assert [e.code for e in found[:3]] == ["66", "4404", "6601"]
        assert "660110" in [e.code for e in found]
        assert [(e.level, e.code) for e in found] == sorted((e.level, e.code) for e in found)

    def test_chinese(self) -> None:
        assert [e.code for e in search("雨伞")] == ["66", "6601"]
        assert "6402" in [e.code for e in search("橡胶或塑料制外底")]

    def test_limit_and_nothing_found(self) -> None:
        assert len(search("footwear", limit=5)) == 5
        assert search("no such goods anywhere") == []

    def test_empty_text(self) -> None:
        with pytest.raises(InputError):
            search("  ")


class TestSections:
    def test_by_number_and_numeral(self) -> None:
        assert get_section(12) == get_section("xii")
        assert get_section("XII").description_zh.startswith("鞋、帽、伞")
        assert get_section("XV").chapters == (
            "72", "73", "74", "75", "76", "78", "79", "80", "81", "82", "83",
        )  # fmt: skip

    def test_every_chapter_in_one_section(self) -> None:
        chapters = [c for n in range(1, 22) for c in get_section(n).chapters]
        assert chapters == CHAPTERS

    def test_unknown(self) -> None:
        with pytest.raises(InputError):
            get_section(22)
