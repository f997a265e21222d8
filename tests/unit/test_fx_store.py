"""The shipped FX pack (ECB, pegs, World Bank) and the builder that makes it.

These tests read the package data files (and, for the builder, the shared upstream data).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from datetime import date, timedelta
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chuhai.domain.fx import RATE_CONTEXT, FxMethod, convert
from chuhai.domain.fx_providers import ChainedRates, UserRate, UserRates
from chuhai.domain.money import Money
from chuhai.errors import FXRateNotFoundError, PackError, UnknownCurrencyError
from chuhai.rules.fx_store import coverage, load_shipped_rates

REPO_ROOT = Path(__file__).resolve().parents[2]
PACK = files("chuhai").joinpath("data", "fx")
LAST = date(2026, 10, 30)
ECB_CURRENCIES = ["USD", "JPY", "CNY", "PHP", "GBP", "CHF", "INR", "KRW", "BRL", "MXN", "ZAR"]


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_fx_pack", REPO_ROOT / "tools" / "build_fx_pack.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def shared_data() -> Path:
    env = os.environ.get("CHUHAI_SHARED_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data"


class TestEcb:
    def test_known_rates_and_an_exact_cross(self) -> None:
        rates = load_shipped_rates()
        assert rates.get_rate("EUR", "USD", as_of=LAST).rate == Decimal("1.1172")
        assert rates.get_rate("EUR", "CNY", as_of=LAST).rate == Decimal("7.4326")
        quote = rates.get_rate("CNY", "USD", as_of=LAST)
        assert quote.rate == RATE_CONTEXT.divide(Decimal("1.1172"), Decimal("7.4326"))
        assert (quote.source_id, quote.status, quote.note) == (
            "ecb_eurofxref",
            "official",
            "ECB reference rate, cross via EUR",
        )

    def test_the_first_shipped_day(self) -> None:
        quote = load_shipped_rates().get_rate("EUR", "USD", as_of=date(2015, 1, 2))
        assert quote.rate == Decimal("1.2043")
        with pytest.raises(FXRateNotFoundError, match="before the first ECB rate for USD"):
            load_shipped_rates().get_rate("EUR", "USD", as_of=date(2014, 12, 31))

    def test_a_weekend_uses_friday(self) -> None:
        quote = load_shipped_rates().get_rate("USD", "PHP", as_of=date(2026, 10, 31))
        assert (quote.rate_date, quote.status) == (LAST, "official")
        assert quote.rate == RATE_CONTEXT.divide(Decimal("71.143"), Decimal("1.1172"))

    def test_staleness_and_a_larger_allowance(self) -> None:
        with pytest.raises(FXRateNotFoundError) as caught:
            load_shipped_rates().get_rate("CNY", "USD", as_of=date(2026, 11, 29))
        assert str(caught.value).startswith("no CNY->USD rate for 2026-11-29 (daily): ")
        assert "2026-10-30" in str(caught.value)
        quote = load_shipped_rates(max_staleness_days=31).get_rate(
            "CNY", "USD", as_of=date(2026, 11, 29)
        )
        assert quote.status == "estimated"
        assert quote.note.startswith("latest ECB rate 2026-10-30, 30 days before 2026-11-29")

    def test_a_discontinued_currency_is_not_carried_forward(self) -> None:
        with pytest.raises(FXRateNotFoundError, match="RUB is of 2022-03-01"):
            load_shipped_rates().get_rate("EUR", "RUB", as_of=date(2023, 6, 1))

    @given(day=st.integers(min_value=1, max_value=30))
    def test_eu_customs_rate_for_november_2026_is_that_of_21_october(self, day: int) -> None:
        quote = load_shipped_rates().get_rate(
            "EUR", "USD", as_of=date(2026, 11, day), method=FxMethod.MONTHLY_PENULTIMATE_WEDNESDAY
        )
        assert (quote.rate, quote.rate_date) == (Decimal("1.1234"), date(2026, 10, 21))

    @settings(max_examples=200)
    @given(
        offset=st.integers(min_value=0, max_value=(LAST - date(2015, 1, 2)).days),
        trio=st.permutations(ECB_CURRENCIES).map(lambda codes: codes[:3]),
    )
    def test_cross_rates_agree_and_invert(self, offset: int, trio: list[str]) -> None:
        rates = load_shipped_rates()
        as_of = date(2015, 1, 2) + timedelta(days=offset)
        a, b, c = trio
        a_b = rates.get_rate(a, b, as_of=as_of).rate
        b_c = rates.get_rate(b, c, as_of=as_of).rate
        a_c = rates.get_rate(a, c, as_of=as_of).rate
        assert abs(a_b * b_c - a_c) <= a_c * Decimal("1e-26")
        assert abs(rates.get_rate(b, a, as_of=as_of).rate * a_b - 1) <= Decimal("1e-26")


class TestPegsAndWorldBank:
    def test_pegs_are_official_and_exact(self) -> None:
        rates = load_shipped_rates()
        sar = rates.get_rate("USD", "SAR", as_of=date(2019, 3, 4))
        assert (sar.rate, sar.status, sar.source_id) == (
            Decimal("3.75"),
            "official",
            "sama_usd_peg",
        )
        aed = rates.get_rate("AED", "USD", as_of=date(2019, 3, 4))
        assert aed.rate == RATE_CONTEXT.divide(Decimal(1), Decimal("3.6725"))
        assert aed.source_id == "cbuae_usd_peg"

    def test_pegs_win_over_world_bank_averages(self) -> None:
        quote = load_shipped_rates().get_rate("SAR", "VND", as_of=date(2024, 5, 6))
        assert quote.source_id == "sama_usd_peg+wb_pa_nus_fcrf"
        assert quote.rate == RATE_CONTEXT.divide(Decimal("24164.8858333333"), Decimal("3.75"))

    def test_vnd_annual_average_with_fallback(self) -> None:
        rates = load_shipped_rates()
        exact = rates.get_rate("USD", "VND", as_of=date(2024, 5, 6), method=FxMethod.ANNUAL)
        assert (exact.rate, exact.status) == (Decimal("24164.8858333333"), "official")
        assert exact.source_id == "wb_pa_nus_fcrf"
        later = rates.get_rate("USD", "VND", as_of=date(2025, 5, 6), method=FxMethod.ANNUAL)
        assert (later.rate_date, later.status) == (date(2024, 1, 1), "estimated")
        assert "2024 (latest for 2025)" in later.note
        with pytest.raises(FXRateNotFoundError, match="USD->VND rate for 2027-05-06"):
            rates.get_rate("USD", "VND", as_of=date(2027, 5, 6), method=FxMethod.ANNUAL)

    def test_cny_to_vnd_mixes_sources_and_says_so(self) -> None:
        money, quote = convert(
            Money("1000.00", "CNY"), "VND", as_of=date(2024, 5, 6), rates=load_shipped_rates()
        )
        assert money.currency == "VND"
        assert quote.source_id == "ecb_eurofxref+wb_pa_nus_fcrf"
        assert (quote.status, quote.method) == ("estimated", FxMethod.ANNUAL)
        assert quote.note.startswith("cross via USD [USD->CNY ecb_eurofxref 2024-05-06")

    def test_user_rates_take_precedence(self) -> None:
        bank = UserRates([UserRate("CNY", "USD", Decimal("0.14"), date(2026, 10, 1), None, "bank")])
        chain = ChainedRates([bank, load_shipped_rates()])
        assert chain.get_rate("USD", "CNY", as_of=LAST).source_id == "user"
        assert chain.get_rate("USD", "CNY", as_of=date(2026, 9, 30)).source_id == "ecb_eurofxref"

    def test_unknown_and_withdrawn_currencies_name_the_field(self) -> None:
        with pytest.raises(UnknownCurrencyError) as caught:
            load_shipped_rates().get_rate("EUR", "HRK", as_of=date(2020, 1, 6))
        assert caught.value.field == "quote"


class TestCoverageAndManifest:
    def test_coverage_per_source(self) -> None:
        summary = coverage()
        assert set(summary) == {"ecb_eurofxref", "wb_pa_nus_fcrf", "sama_usd_peg", "cbuae_usd_peg"}
        ecb = summary["ecb_eurofxref"]
        assert (ecb["first_date"], ecb["last_date"]) == ("2015-01-02", "2026-10-30")
        ecb_codes, wb_codes = ecb["currencies"], summary["wb_pa_nus_fcrf"]["currencies"]
        assert isinstance(ecb_codes, list)
        assert isinstance(wb_codes, list)
        assert "CNY" in ecb_codes
        assert "HRK" not in ecb_codes  # left ISO 4217 when Croatia adopted the euro
        assert "VND" in wb_codes
        assert not {"SAR", "AED", "EUR", "USD", "CNY"} & set(wb_codes)
        assert summary["sama_usd_peg"]["last_date"] is None
        assert summary["wb_pa_nus_fcrf"]["licence"] == "CC BY 4.0"

    def test_manifest_checksums_match_the_shipped_files(self) -> None:
        manifest = json.loads(PACK.joinpath("manifest.json").read_text(encoding="utf-8"))
        for output in manifest["outputs"]:
            content = PACK.joinpath(output["file"]).read_bytes()
            assert hashlib.sha256(content).hexdigest() == output["sha256"], output["file"]
            assert len(content) < 1_000_000
        attributions = {u["attribution"] for u in manifest["upstream"]}
        assert "Source: ECB" in attributions
        assert "World Bank, World Development Indicators, CC BY 4.0" in attributions


class TestBuilder:
    def test_shipped_pack_is_up_to_date(self, builder: ModuleType) -> None:
        shared = shared_data()
        if not (shared / "fx" / "eurofxref-hist.csv").is_file():
            pytest.skip(f"shared upstream data not found at {shared} (set CHUHAI_SHARED_DATA)")
        built = builder.build(shared)
        shipped = {entry.name for entry in PACK.iterdir() if not entry.name.startswith(".")}
        assert set(built) == shipped
        for name, content in built.items():
            assert PACK.joinpath(name).read_bytes() == content, f"{name}: re-run the builder"

    def test_builds_a_tiny_upstream_twice_identically(
        self, builder: ModuleType, tmp_path: Path
    ) -> None:
        shared = tiny_upstream(tmp_path / "shared")
        first, second = tmp_path / "a", tmp_path / "b"
        assert builder.main(["--shared-data", str(shared), "--out", str(first)]) == 0
        assert builder.main(["--shared-data", str(shared), "--out", str(second)]) == 0
        for path in first.iterdir():
            assert path.read_bytes() == (second / path.name).read_bytes()
        assert (first / "ecb_eurofxref_daily.csv").read_text().splitlines() == [
            "date,USD,CNY",
            "2026-10-29,1.113,7.4144",
            "2026-10-30,1.1172,7.4326",
        ]
        assert (first / "wb_pa_nus_fcrf_annual.csv").read_text().splitlines()[1:] == [
            "VND,2024,24164.8858333333,VNM"
        ]

    def test_a_malformed_row_fails_loudly_and_keeps_the_old_files(
        self, builder: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        shared = tiny_upstream(tmp_path / "shared", cny_on_29th="7,41")
        out = tmp_path / "out"
        out.mkdir()
        (out / "ecb_eurofxref_daily.csv").write_text("old\n")
        with pytest.raises(PackError) as caught:
            builder.build(shared)
        error = caught.value
        assert (error.file, error.row) == ("fx/eurofxref-hist.csv", 3)
        assert builder.main(["--shared-data", str(shared), "--out", str(out)]) == 1
        assert "fx/eurofxref-hist.csv, row 3" in capsys.readouterr().err
        assert [p.name for p in out.iterdir()] == ["ecb_eurofxref_daily.csv"]
        assert (out / "ecb_eurofxref_daily.csv").read_text() == "old\n"

    def test_a_bad_value_names_its_field(self, builder: ModuleType, tmp_path: Path) -> None:
        shared = tiny_upstream(tmp_path / "shared", cny_on_29th="-7.41")
        with pytest.raises(PackError) as caught:
            builder.build(shared)
        assert (caught.value.row, caught.value.field) == (3, "CNY")


def tiny_upstream(root: Path, *, cny_on_29th: str = "7.4144") -> Path:
    """A minimal shared-data folder in the upstream formats."""
    (root / "fx").mkdir(parents=True)
    (root / "country_indicators").mkdir()
    (root / "countries").mkdir()
    (root / "fx" / "eurofxref-hist.csv").write_text(
        "Date,USD,CNY,CYP,\n"
        "2026-10-30,1.1172,7.4326,N/A,\n"
        f"2026-10-29,1.113,{cny_on_29th},N/A,\n"
        "1999-01-04,1.1789,N/A,0.58231,\n"
    )
    (root / "country_indicators" / "wdi_pa.nus.fcrf.csv").write_text(
        "Country Name,Country Code,Year,Value\n"
        "Viet Nam,VNM,2014,21148\n"
        "Viet Nam,VNM,2024,24164.8858333333\n"
        "United States,USA,2024,1\n"
        "Euro area,EMU,2024,0.924\n"
    )
    (root / "countries" / "datasets_country-codes.csv").write_text(
        "ISO3166-1-Alpha-3,ISO4217-currency_alphabetic_code\nVNM,VND\nUSA,USD\n"
    )
    return root
