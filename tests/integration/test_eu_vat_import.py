"""The EU VAT importer: dated rules for the EU-27, generated pack headers, clean failures.

Fixtures live beside the other importers' (``tests/fixtures/importers/good/vat`` and
``countries``): the Duty27 history as published, the vatnode rates of the EU-27 plus two
non-members, and the country-codes columns the importer reads. The last class rebuilds
the shipped files from the shared data directory (``$CHUHAI_SHARED_DATA`` or
``../shared/data`` beside the repository) and skips without it.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from chuhai.errors import PackError
from chuhai.importers import IMPORTERS
from chuhai.importers.eu_vat import HAND_WRITTEN, MARKER, MEMBERS, import_eu_vat
from chuhai.rules.loader import load_pack
from chuhai.rules.registry import get_pack

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "importers" / "good"
SHIPPED = REPO_ROOT / "src" / "chuhai" / "data" / "packs"
HISTORY = "vat/duty27_eu_standard_vat_history.csv"
CURRENT = "vat/eu_vat_rates_data.csv"
COUNTRIES = "countries/datasets_country-codes.csv"
BASES = {
    "import_base": ["customs_value", "duties", "fees", "post_entry_freight"],
    "sale_base": ["goods", "freight", "insurance"],
}
COMMON = {
    "subject": "tax:vat",
    "kind": "tax",
    "code": "vat",
    **BASES,
    "source_id": "duty27_vat",
    "status": "official",
    "note": "Standard rate; reduced rates are not in this pack.",
}


def shared_data() -> Path:
    env = os.environ.get("CHUHAI_SHARED_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data"


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def rules(packs_dir: Path, code: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(
        (packs_dir / code / "rules_vat.yaml").read_text(encoding="utf-8")
    )
    return data


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    for folder in ("vat", "countries"):
        shutil.copytree(FIXTURES / folder, target / folder)
    return target


@pytest.fixture
def packs_dir(tmp_path: Path) -> Path:
    return tmp_path / "packs"


class TestGoodFixture:
    def test_registered_for_the_build_tool(self) -> None:
        assert IMPORTERS["eu_vat"] is import_eu_vat

    def test_one_rule_per_rate_period(self, data_dir: Path, packs_dir: Path) -> None:
        import_eu_vat(data_dir, packs_dir)
        assert rules(packs_dir, "EE") == [
            {"id": "ee_vat_2016_01_01", **COMMON, "label": "VAT 20%", "rate": "0.20",
             "valid_from": date(2016, 1, 1), "valid_to": date(2024, 1, 1)},
            {"id": "ee_vat_2024_01_01", **COMMON, "label": "VAT 22%", "rate": "0.22",
             "valid_from": date(2024, 1, 1), "valid_to": date(2025, 7, 1)},
            {"id": "ee_vat_2025_07_01", **COMMON, "label": "VAT 24%", "rate": "0.24",
             "valid_from": date(2025, 7, 1)},
        ]  # fmt: skip

    def test_rates_are_exact_fractions_and_labels_percent(
        self, data_dir: Path, packs_dir: Path
    ) -> None:
        import_eu_vat(data_dir, packs_dir)
        assert [(r["rate"], r["label"]) for r in rules(packs_dir, "FI")] == [
            ("0.24", "VAT 24%"),
            ("0.255", "VAT 25.5%"),
        ]
        assert [(r["rate"], r["label"]) for r in rules(packs_dir, "DE")] == [
            ("0.19", "Einfuhrumsatzsteuer (import VAT) 19%"),
            ("0.16", "Einfuhrumsatzsteuer (import VAT) 16%"),
            ("0.19", "Einfuhrumsatzsteuer (import VAT) 19%"),
        ]

    def test_expected_yaml_text(self, data_dir: Path, packs_dir: Path) -> None:
        import_eu_vat(data_dir, packs_dir)
        text = (packs_dir / "MT" / "rules_vat.yaml").read_text(encoding="utf-8")
        assert text.startswith(f"# {MARKER} (tools/build_packs.py eu_vat): do not edit by hand.")
        assert text.endswith(
            "- id: mt_vat_2016_01_01\n"
            "  subject: tax:vat\n"
            "  kind: tax\n"
            "  code: vat\n"
            "  label: VAT 18%\n"
            "  rate: '0.18'\n"
            "  import_base: [customs_value, duties, fees, post_entry_freight]\n"
            "  sale_base: [goods, freight, insurance]\n"
            "  valid_from: 2016-01-01\n"
            "  source_id: duty27_vat\n"
            "  status: official\n"
            "  note: Standard rate; reduced rates are not in this pack.\n"
        )

    def test_headers_only_where_no_pack_is_hand_written(
        self, data_dir: Path, packs_dir: Path
    ) -> None:
        report = import_eu_vat(data_dir, packs_dir)
        assert sorted(p.name for p in packs_dir.iterdir()) == sorted(MEMBERS)
        for code in MEMBERS:
            names = {p.name for p in (packs_dir / code).iterdir()}
            own = {"rules_vat.yaml", "sources_vat.csv", "manifest_vat.json"}
            header = {"pack.yaml", "sources.csv", "rules.yaml"}
            assert names == (own if code in HAND_WRITTEN else own | header), code
        assert report.counts["generated pack headers"] == 21
        assert report.counts["rate periods"] == 40

    def test_greece_is_gr_with_its_chinese_name(self, data_dir: Path, packs_dir: Path) -> None:
        import_eu_vat(data_dir, packs_dir)
        header = yaml.safe_load((packs_dir / "GR" / "pack.yaml").read_text(encoding="utf-8"))
        assert (header["jurisdiction"], header["name"], header["name_zh"]) == (
            "GR",
            "Greece",
            "希腊",
        )
        assert header["parent"] == "EU"
        assert header["currency"] == "EUR"
        assert [r["rate"] for r in rules(packs_dir, "GR")] == ["0.23", "0.24"]
        assert "quote_notes" not in header
        assert yaml.safe_load((packs_dir / "GR" / "rules.yaml").read_text(encoding="utf-8")) == []
        assert (packs_dir / "GR" / "sources.csv").read_text(encoding="utf-8") == (
            "source_id,title,url,publisher,retrieved_on,licence\n"
        )

    @pytest.mark.parametrize(
        ("code", "words"),
        [("CZ", "CZK"), ("DK", "DKK"), ("HU", "HUF"), ("RO", "RON"), ("SE", "SEK"),
         ("BG", "Until 2025-12-31 import VAT in Bulgaria was declared and paid in BGN")],
    )  # fmt: skip
    def test_non_euro_states_say_which_currency_vat_is_paid_in(
        self, data_dir: Path, packs_dir: Path, code: str, words: str
    ) -> None:
        import_eu_vat(data_dir, packs_dir)
        header = yaml.safe_load((packs_dir / code / "pack.yaml").read_text(encoding="utf-8"))
        (note,) = header["quote_notes"]
        assert words in note
        assert "customs exchange rate" in note

    def test_sources_carry_licence_and_attribution(self, data_dir: Path, packs_dir: Path) -> None:
        import_eu_vat(data_dir, packs_dir)
        path = packs_dir / "AT" / "sources_vat.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            sources = {row["source_id"]: row for row in csv.DictReader(handle)}
        assert sorted(sources) == ["duty27_vat", "vatnode_vat"]
        assert (
            "Rate data: Duty27 (https://duty27.com/vat-rates/history)"
            in (sources["duty27_vat"]["licence"])
        )
        assert sources["duty27_vat"]["licence"].startswith("CC BY 4.0")
        assert sources["vatnode_vat"]["licence"].startswith("MIT")

    def test_manifest_names_upstream_files_with_checksums(
        self, data_dir: Path, packs_dir: Path
    ) -> None:
        import_eu_vat(data_dir, packs_dir)
        at = json.loads((packs_dir / "AT" / "manifest_vat.json").read_text(encoding="utf-8"))
        de = json.loads((packs_dir / "DE" / "manifest_vat.json").read_text(encoding="utf-8"))
        assert [u["path"] for u in at["upstream"]] == [HISTORY, CURRENT, COUNTRIES]
        assert [u["path"] for u in de["upstream"]] == [HISTORY, CURRENT]  # DE has its own header
        assert at["upstream"][0]["rows"] == 40
        assert all(len(u["sha256"]) == 64 and u["size_bytes"] > 0 for u in at["upstream"])
        assert de["outputs"] == {"DE/rules_vat.yaml": 3, "DE/sources_vat.csv": 2}

    def test_generated_packs_load_under_the_eu(self, data_dir: Path, packs_dir: Path) -> None:
        import_eu_vat(data_dir, packs_dir)
        for code in sorted(set(MEMBERS) - HAND_WRITTEN):
            pack = load_pack(packs_dir / code, parent=get_pack("EU"))
            assert pack.code == code
            assert {rule.source_id for rule in pack.rules} == {"duty27_vat"}

    def test_second_run_is_byte_identical_and_keeps_hand_written_headers(
        self, data_dir: Path, packs_dir: Path
    ) -> None:
        (packs_dir / "DE").mkdir(parents=True)
        (packs_dir / "DE" / "pack.yaml").write_text("hand-written\n", encoding="utf-8")
        import_eu_vat(data_dir, packs_dir)
        first = snapshot(packs_dir)
        import_eu_vat(data_dir, packs_dir)
        assert snapshot(packs_dir) == first
        assert first["DE/pack.yaml"] == b"hand-written\n"


# --- Malformed upstream rows -------------------------------------------------------------


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(data_dir: Path) -> None:
        path = data_dir / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture {relative} lacks {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


MALFORMED = [
    (replace(HISTORY, "AT,Austria", "XX,Austria"), HISTORY, 2, "country_code"),
    (replace(HISTORY, "EE,Estonia,2024-01-01", "EE,Estonia,2024-13-01"), HISTORY, 12,
     "effective_from"),
    (replace(HISTORY, "2024-09-01,25.5", "2024-09-01,25.5%"), HISTORY, 18, "standard_rate_pct"),
    (replace(HISTORY, "2025-01-01,23", "2025-01-01,0"), HISTORY, 41, "standard_rate_pct"),
    (replace(HISTORY, "RO,Romania,2017-01-01", "RO,Romania,2016-01-01"), HISTORY, 36,
     "effective_from"),
    (replace(HISTORY, "RO,Romania,2025", "RO,Rumania,2025"), HISTORY, 37, "country_name"),
    (replace(HISTORY, "MT,Malta,2016-01-01,18\n", ""), HISTORY, None, "country_code"),
    (replace(CURRENT, "EE,Estonia,EUR,True,Käibemaks,km,24.0", "EE,Estonia,EUR,True,Käibemaks,km,22.0"),
     HISTORY, 13, "standard_rate_pct"),  # the latest history rate disagrees with today's
    (replace(CURRENT, "FI,Finland,EUR,True", "FI,Finland,EUR,Yes"), CURRENT, 12, "eu_member"),
    (replace(CURRENT, "HU,Hungary,HUF", "HU,Hungary,huf"), CURRENT, 17, "currency"),
    (replace(CURRENT, "country_code,country,currency", "code,country,currency"), CURRENT, 1,
     "country_code"),
    (replace(COUNTRIES, "AT,AUT,Austria,奥地利", "AT,AUT,Austria,"), COUNTRIES, 2,
     "UNTERM Chinese Short"),
]  # fmt: skip


@pytest.mark.parametrize(("mutate", "file", "row", "field"), MALFORMED)
def test_malformed_row_stops_and_leaves_packs_untouched(
    data_dir: Path,
    packs_dir: Path,
    mutate: Callable[[Path], None],
    file: str,
    row: int | None,
    field: str,
) -> None:
    for code, name in (("EE", "rules_vat.yaml"), ("AT", "pack.yaml"), ("DE", "rules.yaml")):
        (packs_dir / code).mkdir(parents=True)
        (packs_dir / code / name).write_text("hand-kept sentinel\n", encoding="utf-8")
    before = snapshot(packs_dir)
    mutate(data_dir)
    with pytest.raises(PackError) as caught:
        import_eu_vat(data_dir, packs_dir)
    error = caught.value
    assert (Path(error.file or "").name, error.row, error.field) == (Path(file).name, row, field)
    assert snapshot(packs_dir) == before
    assert sorted(p.name for p in packs_dir.iterdir()) == ["AT", "DE", "EE"]  # no staging left


def test_cross_check_error_names_both_files(data_dir: Path, packs_dir: Path) -> None:
    replace(CURRENT, "RO,Romania,RON,True,Taxa pe valoarea adăugată,TVA,21.0",
            "RO,Romania,RON,True,Taxa pe valoarea adăugată,TVA,19.0")(data_dir)  # fmt: skip
    with pytest.raises(PackError, match=r"RO: latest rate 21% .* standard rate 19% in "
                       r"eu_vat_rates_data.csv row \d+"):  # fmt: skip
        import_eu_vat(data_dir, packs_dir)


# --- The shipped files are what the importer builds from the shared data -----------------


class TestShippedFilesAreRebuilt:
    @pytest.fixture(autouse=True)
    def _needs_shared_data(self) -> None:
        if not (shared_data() / HISTORY).is_file():
            pytest.skip(
                f"shared upstream data not found at {shared_data()} (set CHUHAI_SHARED_DATA)"
            )

    def test_byte_identical_to_the_shipped_files(self, tmp_path: Path) -> None:
        out = tmp_path / "packs"
        import_eu_vat(shared_data(), out)
        built = snapshot(out)
        assert len(built) == 3 * len(HAND_WRITTEN) + 6 * (len(MEMBERS) - len(HAND_WRITTEN))
        for relative, content in built.items():
            shipped = SHIPPED / relative
            assert shipped.is_file(), f"{relative} is not shipped: run tools/build_packs.py eu_vat"
            assert shipped.read_bytes() == content, (
                f"{relative} differs: run tools/build_packs.py eu_vat"
            )

    def test_hand_written_packs_no_longer_carry_a_vat_rule(self) -> None:
        for code in sorted(HAND_WRITTEN):
            own = yaml.safe_load((SHIPPED / code / "rules.yaml").read_text(encoding="utf-8"))
            assert isinstance(own, list)
            assert not [rule for rule in own if rule.get("kind") == "tax"], code
            sources = (SHIPPED / code / "sources.csv").read_text(encoding="utf-8")
            assert "duty27_vat" not in sources, code
