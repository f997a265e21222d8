"""The country and platform importers: shipped files are what they build; a bad row changes nothing.

The first class needs the shared upstream data (``$CHUHAI_SHARED_DATA`` or ``../shared/data``
beside the repository) and skips without it; the others use ``tests/fixtures/markets``.
"""

from __future__ import annotations

import csv
import os
import shutil
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from chuhai.errors import PackError
from chuhai.importers.countries import CAPITALS_FILE, KEEP_YEARS, import_countries
from chuhai.importers.platforms import import_platforms

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "markets" / "good"
COUNTRY_FILES = ("countries.csv", "indicators.csv", "sources.csv", "manifest.json", "SOURCES.md")
PLATFORM_FILES = ("platforms.csv", "manifest.json", "SOURCES.md")


def shared_data() -> Path:
    env = os.environ.get("CHUHAI_SHARED_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data"


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURES, target)
    return target


def corrupt(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class TestShippedFilesAreRebuilt:
    @pytest.fixture(autouse=True)
    def _needs_shared_data(self) -> None:
        if not (shared_data() / "countries" / "datasets_country-codes.csv").is_file():
            pytest.skip(
                f"shared upstream data not found at {shared_data()} (set CHUHAI_SHARED_DATA)"
            )

    @pytest.mark.parametrize(
        ("folder", "importer", "generated"),
        [("countries", import_countries, COUNTRY_FILES), ("platforms", import_platforms, PLATFORM_FILES)],
    )  # fmt: skip
    def test_byte_identical_to_the_shipped_files(
        self, tmp_path: Path, folder: str, importer: object, generated: tuple[str, ...]
    ) -> None:
        out = tmp_path / folder
        importer(shared_data(), out)  # type: ignore[operator]
        with as_file(files("chuhai").joinpath("data", folder)) as shipped:
            for name in generated:
                assert (out / name).read_bytes() == (shipped / name).read_bytes(), (
                    f"{folder}/{name}: re-run chuhai.importers.{folder}"
                )
        assert sorted(snapshot(out)) == sorted(generated)  # capitals.csv is never generated

    def test_aggregates_are_left_out_and_counts_hold(self, tmp_path: Path) -> None:
        report = import_countries(shared_data(), tmp_path / "c")
        codes = {r["iso2"] for r in rows(tmp_path / "c" / "indicators.csv")}
        assert "PH" in codes
        assert "EU" not in codes
        assert report.counts["countries"] == 249
        assert report.skipped["World Bank aggregate (Region empty in the metadata)"] == 48

    def test_platform_directory_has_at_least_70_sites(self, tmp_path: Path) -> None:
        report = import_platforms(shared_data(), tmp_path / "p")
        assert report.counts["platform sites"] >= 70


class TestCountryFixtures:
    def test_import_and_rerun_are_byte_identical(self, data_dir: Path, tmp_path: Path) -> None:
        out = tmp_path / "out"
        import_countries(data_dir, out)
        first = snapshot(out)
        import_countries(data_dir, out)
        assert snapshot(out) == first

    def test_rows_carry_year_and_source_and_keep_the_latest_years(
        self, data_dir: Path, tmp_path: Path
    ) -> None:
        out = tmp_path / "out"
        report = import_countries(data_dir, out)
        found = rows(out / "indicators.csv")
        population = [r for r in found if r["iso2"] == "PH" and r["indicator"] == "population"]
        assert len(population) == KEEP_YEARS
        assert all(r["source_id"] == "wb_sp_pop_totl" for r in population)
        assert {r["iso2"] for r in found} == {"CN", "DE", "PH", "SG", "US"}  # no EUU, no XKX
        assert report.skipped["World Bank aggregate (Region empty in the metadata)"] == 1
        countries = {r["iso2"]: r for r in rows(out / "countries.csv")}
        assert countries["PH"]["name_zh"] == "菲律宾"
        assert countries["PH"]["trade_groups"] == "ASEAN|WTO"
        assert countries["PH"]["customs_authority_url"] == "https://customs.gov.ph/"
        assert countries["US"]["name_en"] == "United States"
        assert countries["TW"]["wb_region"] == ""  # not a World Bank economy: no invention

    def test_capitals_are_checked_and_kept(self, data_dir: Path, tmp_path: Path) -> None:
        out = tmp_path / "out"
        out.mkdir()
        (out / CAPITALS_FILE).write_text(
            "iso2,capital,lat,lon,source_id,status\nPH,Manila,14.6,121.0,chuhai_capitals,estimated\n",
            encoding="utf-8",
        )
        before = (out / CAPITALS_FILE).read_bytes()
        report = import_countries(data_dir, out)
        assert (out / CAPITALS_FILE).read_bytes() == before
        assert report.counts[f"{CAPITALS_FILE} rows (hand-written, checked)"] == 1

    @pytest.mark.parametrize(
        ("relative", "old", "new", "field"),
        [
            ("country_indicators/wdi_lp.lpi.ovrl.xq.csv", "Philippines,PHL,2018,", "Philippines,PHL,20x8,", "Year"),
            ("country_indicators/wb_population.csv", "Philippines,PHL,2020,", "Philippines,PHL,2020,abc", "Value"),
            ("countries/datasets_country-codes.csv", ",PHL,", ",PHX,", "ISO3166-1-Alpha-2"),
            ("countries/countries.csv", "PH,PHL,608,Philippines,Republic of the Philippines,asia,south-eastern-asia,,PHP,true",
             "PH,PHL,608,Philippines,Republic of the Philippines,asia,south-eastern-asia,,PHP,maybe", "wto_member"),
        ],
    )  # fmt: skip
    def test_a_malformed_row_names_file_row_and_field_and_writes_nothing(
        self, data_dir: Path, tmp_path: Path, relative: str, old: str, new: str, field: str
    ) -> None:
        out = tmp_path / "out"
        import_countries(FIXTURES, out)
        before = snapshot(out)
        corrupt(data_dir / relative, old, new)
        with pytest.raises(PackError) as caught:
            import_countries(data_dir, out)
        assert caught.value.file is not None
        assert caught.value.file.endswith(relative)
        assert caught.value.row is not None
        assert caught.value.row > 1
        assert caught.value.field == field
        assert snapshot(out) == before


class TestPlatformFixtures:
    def test_import_rerun_and_columns(self, data_dir: Path, tmp_path: Path) -> None:
        out = tmp_path / "out"
        report = import_platforms(data_dir, out)
        first = snapshot(out)
        import_platforms(data_dir, out)
        assert snapshot(out) == first
        found = {r["id"]: r for r in rows(out / "platforms.csv")}
        assert report.counts["platform sites"] == 8
        assert found["47"]["markets"] == "PH"
        assert found["47"]["livestream"] == "yes"
        assert found["74"]["accepts_cn"] == "no"
        assert found["89"]["model"] == "closed"
        assert found["100"]["global_reach"] == "yes"
        assert found["100"]["markets"] == ""
        assert all(r["sources"] and r["fee_as_of"] is not None for r in found.values())
        assert "fee_umbrellas" not in next(iter(found.values()))

    @pytest.mark.parametrize(
        ("old", "new", "field"),
        [
            (",yes,high,Amazon,", ",maybe,high,Amazon,", "accepts_cn_enum"),
            ("\n47,", "\nx47,", "id"),
        ],
    )
    def test_a_malformed_row_names_file_row_and_field_and_writes_nothing(
        self, data_dir: Path, tmp_path: Path, old: str, new: str, field: str
    ) -> None:
        out = tmp_path / "out"
        import_platforms(FIXTURES, out)
        before = snapshot(out)
        corrupt(data_dir / "commerce" / "platforms.csv", old, new)
        with pytest.raises(PackError) as caught:
            import_platforms(data_dir, out)
        assert caught.value.file is not None
        assert caught.value.file.endswith("platforms.csv")
        assert caught.value.row is not None
        assert caught.value.row > 1
        assert caught.value.field == field
        assert snapshot(out) == before
