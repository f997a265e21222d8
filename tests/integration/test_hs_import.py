"""The HS importer: the shipped files are exactly what it builds, and a bad row changes nothing.

The first class needs the shared upstream data (``$CHUHAI_SHARED_DATA`` or ``../shared/data``
beside the repository) and skips without it; the others use ``tests/fixtures/hs``.
"""

from __future__ import annotations

import os
import shutil
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from chuhai.errors import PackError
from chuhai.importers.hs_nomenclature import ZH_FILE, import_hs

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "hs"
GENERATED = (
    "hs2022.csv",
    "hs2017.csv",
    "hs2017_hs2022_changes.csv",
    "sections.csv",
    "sources.csv",
    "manifest.json",
    "SOURCES.md",
)


def shared_data() -> Path:
    env = os.environ.get("CHUHAI_SHARED_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data"


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the good fixtures, for tests that corrupt one file."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "good", target)
    return target


class TestShippedFilesAreRebuilt:
    @pytest.fixture(autouse=True)
    def _needs_shared_data(self) -> None:
        if not (shared_data() / "hs" / "harmonized-system.csv").is_file():
            pytest.skip(
                f"shared upstream data not found at {shared_data()} (set CHUHAI_SHARED_DATA)"
            )

    def test_byte_identical_to_the_shipped_files(self, tmp_path: Path) -> None:
        out = tmp_path / "hs"
        report = import_hs(shared_data(), out)
        with as_file(files("chuhai").joinpath("data", "hs")) as shipped:
            for name in GENERATED:
                assert (out / name).read_bytes() == (shipped / name).read_bytes(), (
                    f"{name}: re-run python -m chuhai.importers.hs_nomenclature"
                )
        assert sorted(snapshot(out)) == sorted(GENERATED)  # the Chinese file is never generated
        assert report.counts["hs2022 level 4"] == 1228

    def test_keeps_and_checks_the_hand_written_chinese(self, tmp_path: Path) -> None:
        out = tmp_path / "hs"
        out.mkdir()
        with as_file(files("chuhai").joinpath("data", "hs", ZH_FILE)) as zh:
            shutil.copy(zh, out / ZH_FILE)
        before = (out / ZH_FILE).read_bytes()
        report = import_hs(shared_data(), out)
        assert (out / ZH_FILE).read_bytes() == before
        assert report.counts[f"{ZH_FILE} rows (hand-written, checked)"] == 281


class TestFixtures:
    def test_import_and_rerun_are_byte_identical(self, tmp_path: Path) -> None:
        out = tmp_path / "hs"
        report = import_hs(FIXTURES / "good", out)
        first = snapshot(out)
        import_hs(FIXTURES / "good", out)
        assert snapshot(out) == first
        assert report.counts["hs2022 level 6"] == 6
        assert sum(report.skipped.values()) == 9  # 2 TOTAL rows, 6 chapter-99 rows, 1 blank row
        hs2017 = first["hs2017.csv"].decode()
        assert "030510,6,0305,I,Fish; flours" not in hs2017  # quoted: it has commas
        assert '030510,6,0305,I,"Fish; flours, meals and pellets' in hs2017
        assert "66,2,,XII,\n" in hs2017  # same text as HS 2022: left empty
        assert b"leggings" in first["hs2022.csv"]
        assert b"le.g.ings" not in first["hs2022.csv"]

    def test_malformed_row_names_file_row_field_and_changes_nothing(
        self, data_dir: Path, tmp_path: Path
    ) -> None:
        out = tmp_path / "hs"
        import_hs(data_dir, out)
        (out / ZH_FILE).write_text("code,description_zh,status,source_id\n", encoding="utf-8")
        before = snapshot(out)
        shutil.copy(FIXTURES / "malformed" / "hs" / "harmonized-system.csv", data_dir / "hs")
        with pytest.raises(PackError) as raised:
            import_hs(data_dir, out)
        error = raised.value
        assert (Path(error.file or "").name, error.row, error.field) == (
            "harmonized-system.csv",
            11,
            "level",
        )
        assert "row 11" in str(error)
        assert snapshot(out) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "hs"]  # no staging left

    @pytest.mark.parametrize(
        ("file", "old", "new", "row", "field"),
        [
            ("harmonized-system.csv", "I,0301,Fish; live,03,4", "I,03O1,Fish; live,03,4", 3, "hscode"),
            ("harmonized-system.csv", "I,0301,Fish; live,03,4", "I,0301,Fish; live,04,4", 3, "parent"),
            ("harmonized-system.csv", "I,0301,Fish; live,03,4", "XXV,0301,Fish; live,03,4", 3, "section"),
            ("harmonized-system.csv", "I,0301,Fish; live,03,4", "I,0301,,03,4", 3, "description"),
            ("harmonized-system.csv", "I,0301,Fish; live,03,4", "I,0301,Fish; live,03", 3, "level"),
            ("harmonized-system-hs2017.csv", "I,0301,Fish; live,03,4", "II,0301,Fish; live,03,4", 3, "section"),
            ("sections.csv", "II,Vegetable products", "XX,Vegetable products", 3, "section"),
            ("hs2017_hs2022_code_changes.csv", "added_in_2022,030910", "added_in_2022,030111", 3, "hscode"),
            ("hs2017_hs2022_code_changes.csv", "added_in_2022,030910", "moved,030910", 3, "change"),
        ],
    )  # fmt: skip
    def test_each_check(
        self, data_dir: Path, tmp_path: Path, file: str, old: str, new: str, row: int, field: str
    ) -> None:
        path = data_dir / "hs" / file
        text = path.read_text(encoding="utf-8-sig")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(PackError) as raised:
            import_hs(data_dir, tmp_path / "hs")
        assert (Path(raised.value.file or "").name, raised.value.row, raised.value.field) == (
            file,
            row,
            field,
        )
        assert not (tmp_path / "hs").exists()

    def test_a_change_missing_from_the_list(self, data_dir: Path, tmp_path: Path) -> None:
        path = data_dir / "hs" / "hs2017_hs2022_code_changes.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(lines[:2]), encoding="utf-8")  # drops "added_in_2022,030910"
        with pytest.raises(PackError, match="030910") as raised:
            import_hs(data_dir, tmp_path / "hs")
        assert raised.value.field == "hscode"

    def test_chinese_code_not_in_hs2022(self, tmp_path: Path) -> None:
        out = tmp_path / "hs"
        out.mkdir()
        zh = "code,description_zh,status,source_id\n6601,雨伞,estimated,chuhai_translation\n"
        zh += "9999,未列名,estimated,chuhai_translation\n"
        (out / ZH_FILE).write_text(zh, encoding="utf-8")
        with pytest.raises(PackError) as raised:
            import_hs(FIXTURES / "good", out)
        assert (Path(raised.value.file or "").name, raised.value.row, raised.value.field) == (
            ZH_FILE,
            3,
            "code",
        )
        assert sorted(p.name for p in out.iterdir()) == [ZH_FILE]

    def test_missing_upstream_file(self, data_dir: Path, tmp_path: Path) -> None:
        (data_dir / "hs" / "sections.csv").unlink()
        with pytest.raises(PackError, match="not found") as raised:
            import_hs(data_dir, tmp_path / "hs")
        assert (raised.value.file or "").endswith("sections.csv")
