"""The batch engine end to end: scenarios, streaming files, bad rows, the diff, exact FX."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chuhai.batch import (
    BatchRequest,
    CatalogueError,
    UnsupportedRuleError,
    calculate_batch,
    get_channel,
    run_batch,
)
from chuhai.batch.catalogue import _checked, validate_rows
from chuhai.batch.runner import BatchEngine
from chuhai.domain.consignment import GivenRate, parse_consignment
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.quote import ChargeKind
from chuhai.domain.scenario import apply_scenario
from chuhai.errors import ChuhaiError
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.registry import get_pack
from chuhai.rules.scenario_loader import load_scenario, parse_scenario

FIXTURES = Path(__file__).parents[1] / "fixtures" / "batch"
CATALOGUE = FIXTURES / "catalogue.csv"
US_54 = load_scenario(FIXTURES / "scenario_us_cn_54.yaml")
EU_OFF = load_scenario(FIXTURES / "scenario_eu_3eur_off.yaml")
DAY = date(2026, 12, 5)
CHANNELS = ["courier_b2c_platform", "courier_b2c_border", "postal_b2c_border", "sea_b2b"]


def request(**overrides: Any) -> BatchRequest:
    settings: dict[str, Any] = {
        "markets": ["US", "DE", "GB", "FR"],
        "channels": [get_channel(c) for c in CHANNELS],
        "as_of": DAY,
        "scenarios": [US_54, EU_OFF],
    }
    return BatchRequest(**{**settings, **overrides})


def catalogue() -> pl.DataFrame:
    return pl.read_csv(CATALOGUE, infer_schema=False)


def itemised_total(line: dict[str, Any], result: dict[str, Any]) -> tuple[str, int | None]:
    """The itemised engine's landed total for a result row, under the row's scenario."""
    scenarios = {"baseline": None, US_54.name: US_54, EU_OFF.name: EU_OFF}
    return _quote_under(line, result, scenarios[result["scenario"]])


def test_every_row_of_every_plan_matches_the_itemised_engine_under_its_scenario() -> None:
    frame = catalogue()
    result = calculate_batch(frame, request())
    assert result.height == frame.height * 4 * 4 * 3
    lines = frame.to_dicts()
    for row in result.iter_rows(named=True):
        status, total = itemised_total(lines[row["row"] - 2], row)
        assert (row["status"], row["landed_total_amount_minor"]) == (status, total), row


def test_results_name_their_scenario_and_the_us_duty_moves_only_the_us() -> None:
    result = calculate_batch(catalogue(), request())
    assert set(result["scenario"]) == {"baseline", "us-cn-54", "eu-3eur-off"}
    totals = result.group_by("market", "scenario").agg(pl.col("measures_amount_minor").sum())
    by = {(m, s): v for m, s, v in totals.iter_rows()}
    assert by[("US", "us-cn-54")] > by[("US", "baseline")]
    assert by[("DE", "us-cn-54")] == by[("DE", "baseline")]


def test_the_three_euro_duty_comes_off_under_the_eu_scenario() -> None:
    result = calculate_batch(
        catalogue().head(1),
        request(markets=["DE"], channels=[get_channel("courier_b2c_platform")]),
    )
    duty = {r["scenario"]: r["duty_amount_minor"] for r in result.iter_rows(named=True)}
    assert duty == {"baseline": 300, "us-cn-54": 300, "eu-3eur-off": 0}


def test_plans_the_rules_do_not_tell_apart_are_computed_once() -> None:
    engine = BatchEngine(request())
    assert engine.distinct_plans < len(engine.plans)


@pytest.mark.parametrize(
    ("source", "target"),
    [("csv", "parquet"), ("parquet", "csv"), ("xlsx", "xlsx"), ("csv", "xlsx")],
)
def test_streaming_in_chunks_gives_the_in_memory_result(
    tmp_path: Path, source: str, target: str
) -> None:
    frame = catalogue()
    path = tmp_path / f"catalogue.{source}"
    _write(frame, path)
    output = tmp_path / f"out.{target}"
    report = run_batch(path, output, request(), chunk_size=2)
    assert report.rows_in == frame.height
    expected = calculate_batch(frame, request())
    written = _read(output)
    key = ["row", "market", "channel", "scenario"]
    assert report.rows_out == expected.height == written.height
    left = expected.sort(key).select("landed_total_amount_minor", "status")
    right = written.sort(key).select("landed_total_amount_minor", "status")
    assert left.cast({"landed_total_amount_minor": pl.Int64}).equals(
        right.cast({"landed_total_amount_minor": pl.Int64})
    )


def _write(frame: pl.DataFrame, path: Path) -> None:
    if path.suffix == ".parquet":
        frame.write_parquet(path)
    elif path.suffix == ".xlsx":
        from openpyxl import Workbook  # type: ignore[import-untyped]

        book = Workbook()
        sheet = book.active
        sheet.append(frame.columns)
        for row in frame.iter_rows():
            sheet.append(list(row))
        book.save(path)
    else:
        frame.write_csv(path)


def _read(path: Path) -> pl.DataFrame:
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        book.close()
        width = len(rows[0])
        body = [list(r) + [None] * (width - len(r)) for r in rows[1:]]
        return pl.DataFrame(body, schema=list(rows[0]), orient="row", infer_schema_length=None)
    return pl.read_csv(path, infer_schema_length=None)


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    output = tmp_path / "out.parquet"
    with pytest.raises(CatalogueError) as caught:
        run_batch(FIXTURES / "catalogue_bad.csv", output, request(), chunk_size=2)
    found = {(b.row, b.field) for b in caught.value.bad_rows}
    assert found == {
        (3, "hs_code"),
        (4, "origin"),
        (4, "unit_value"),
        (4, "quantity"),
        (6, "unit_value"),
        (6, "currency"),
        (6, "quantity"),
    }
    reasons = {(b.row, b.field): b.reason for b in caught.value.bad_rows}
    assert reasons[(4, "unit_value")] == "must not be negative"
    assert reasons[(6, "unit_value")] == "more than 4 decimal places"
    assert not output.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_selling_price_times_quantity_past_the_exact_range_is_a_bad_row(tmp_path: Path) -> None:
    catalogue = tmp_path / "prices.csv"
    catalogue.write_text(
        "sku,hs_code,origin,currency,unit_value,quantity,unit_price\n"
        "OK,6601.99,CN,CNY,68,2,199\n"
        "HUGE,6601.99,CN,CNY,68,10000000,90000000000\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as caught:
        run_batch(catalogue, tmp_path / "out.csv", request())
    (bad,) = caught.value.bad_rows
    assert (bad.row, bad.field) == (3, "unit_price")
    assert bad.reason == "unit_price x quantity above 100,000,000,000"


def test_skip_bad_rows_writes_the_good_ones_and_lists_the_bad_beside(tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    report = run_batch(
        FIXTURES / "catalogue_bad.csv", output, request(), skip_bad_rows=True, chunk_size=2
    )
    written = pl.read_csv(output)
    assert sorted(set(written["row"])) == [2, 5]
    assert report.bad_rows_file == tmp_path / "out.csv.bad_rows.csv"
    listed = pl.read_csv(report.bad_rows_file)
    assert listed.columns == ["row", "field", "reason", "value"]
    assert set(listed["row"]) == {3, 4, 6}


def test_diff_gives_baseline_scenario_and_change_per_row(tmp_path: Path) -> None:
    diff = tmp_path / "diff.parquet"
    run_batch(CATALOGUE, tmp_path / "out.parquet", request(), diff=diff)
    frame = pl.read_parquet(diff)
    row = frame.filter(
        (pl.col("sku") == "UMB-STICK-01")
        & (pl.col("market") == "US")
        & (pl.col("channel") == "sea_b2b")
        & (pl.col("scenario") == "us-cn-54")
    ).to_dicts()[0]
    change = row["scenario_landed_total_amount_minor"] - row["baseline_landed_total_amount_minor"]
    assert row["change_landed_total_amount_minor"] == change > 0
    assert row["change_measures_amount_minor"] == change  # the US charges no VAT on top


def test_summary_puts_each_market_beside_its_baseline(tmp_path: Path) -> None:
    report = run_batch(CATALOGUE, tmp_path / "out.parquet", request())
    summary = report.summary
    us = summary.filter((pl.col("market") == "US") & (pl.col("scenario") == "us-cn-54"))
    assert us["change"].item() > 0
    de = summary.filter((pl.col("market") == "DE") & (pl.col("scenario") == "us-cn-54"))
    assert de["change"].item() == 0


def test_a_rate_the_integer_path_cannot_settle_is_redone_exactly() -> None:
    """CNY 13.2725 at this rate is USD 1.99499...: 28 digits round it up to 1.995, then 2.00."""
    rate = GivenRate(base="CNY", quote="USD", rate=Decimal("0.1503107929930307025805236391"))
    frame = pl.DataFrame(
        {
            "sku": ["EDGE"],
            "hs_code": ["66019100"],
            "origin": ["GB"],
            "unit_value": ["13.2725"],
            "currency": ["CNY"],
        }
    )
    result = calculate_batch(
        frame,
        BatchRequest(
            markets=["US"],
            channels=[get_channel("courier_b2c_border")],
            as_of=date(2026, 3, 2),
            fx_rates=[rate],
        ),
    )
    assert result["goods_amount_minor"].to_list() == [200]


def test_a_specific_duty_in_another_currency_is_refused_not_approximated() -> None:
    scenario = parse_scenario(
        {
            "name": "eur-specific",
            "operations": [
                {"op": "tariff", "hs": "66019100", "expression": "2 EUR / kg", "from": "2026-01-01"}
            ],
        }
    )
    frame = catalogue().head(2)
    with pytest.raises(UnsupportedRuleError, match="66019100"):
        calculate_batch(frame, request(markets=["US"], scenarios=[scenario]))


def test_a_union_is_not_a_market() -> None:
    with pytest.raises(ChuhaiError, match="customs union"):
        BatchEngine(request(markets=["EU"]))


def test_units_a_specific_duty_needs_are_asked_for() -> None:
    frame = catalogue().filter(pl.col("sku") == "SNEAKER-03").with_columns(unit_pair=pl.lit(None))
    result = calculate_batch(
        frame, request(markets=["US"], channels=[get_channel("sea_b2b")], scenarios=[])
    )
    codes = set(result["status"])
    assert codes <= {"ok", "duty_expression"}


_TEXT = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "12", "12.50", " 7 ", "+3", "-1", "1e3", "0.12345", "4.", ".5"]),
    st.from_regex(r"[0-9]{1,6}(\.[0-9]{0,7})?", fullmatch=True),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "sku": st.sampled_from(["A", " B", "", "C "]),
                "hs_code": st.sampled_from(["6601.99", "66019900", "6601 99", "66", "abcd"]),
                "origin": st.sampled_from(["CN", "cn", "CHN", "UK", "XX", ""]),
                "unit_value": _TEXT,
                "currency": st.sampled_from(["CNY", "usd", "ABC"]),
                "quantity": st.sampled_from([None, "1", "2.0", "0", "10000000", "3.5", "x"]),
                "unit_weight_kg": _TEXT,
                "freight": _TEXT,
                "unit_pair": _TEXT,
                "claim_preference": st.sampled_from([None, "RCEP", " ACFTA "]),
            }
        ),
        min_size=1,
        max_size=8,
    )
)
def test_the_fast_path_agrees_with_the_field_by_field_checks(rows: list[dict[str, Any]]) -> None:
    frame = pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.Utf8))
    good, bad = validate_rows(frame, first_row=2)
    text = frame.with_row_index("row", offset=2).with_columns(pl.col("row").cast(pl.Int64))
    checked_good, checked_bad = _checked(text)
    assert good.equals(checked_good.select(good.columns))
    assert sorted((b.row, b.field, b.reason) for b in bad) == sorted(
        (b.row, b.field, b.reason) for b in checked_bad
    )


def test_loader_reads_yaml_and_names_the_file_on_error(tmp_path: Path) -> None:
    assert EU_OFF.operations[0].valid_from == date(2026, 9, 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad Name\noperations: []\n", encoding="utf-8")
    with pytest.raises(ChuhaiError) as caught:
        load_scenario(bad)
    assert caught.value.file == str(bad)
    assert caught.value.field == "name"


def test_charge_totals_add_up_to_the_landed_total() -> None:
    result = calculate_batch(catalogue(), request()).filter(pl.col("status") == "ok")
    parts = [
        "goods",
        "freight",
        "insurance",
        "duty",
        "measures",
        "tax",
        "fees",
    ]
    summed = pl.sum_horizontal(pl.col(f"{p}_amount_minor") for p in parts)
    assert result.select((summed == pl.col("landed_total_amount_minor")).all()).item()
    assert ChargeKind.DUTY.value == "duty"


LIMITED = parse_scenario(
    {
        "name": "limited-rules",
        "description": "rules limited by code and by regime, as packs may write them",
        "operations": [
            {
                "op": "add",
                "pack": "US",
                "from": "2026-01-01",
                "rule": {
                    "id": "umbrella_relief",
                    "kind": "regime",
                    "label": "Umbrellas up to USD 100: no duty",
                    "priority": 5,
                    "hs": ["6601"],
                    "hs_except": ["660191"],
                    "threshold": {"currency": "USD", "max": "100.00", "basis": "goods"},
                    "duty": "exempt",
                },
            },
            {
                "op": "add",
                "pack": "US",
                "from": "2026-01-01",
                "rule": {
                    "id": "standard_only_measure",
                    "kind": "measure",
                    "measure": "standard_only",
                    "group": "standard_only",
                    "label": "A measure only under the standard entry",
                    "expression": "7%",
                    "regimes": ["us_standard"],
                },
            },
            {
                "op": "add",
                "pack": "US",
                "from": "2026-01-01",
                "rule": {
                    "id": "standard_only_tax",
                    "kind": "tax",
                    "code": "state",
                    "label": "A tax only under the standard entry",
                    "rate": "0.05",
                    "import_base": ["customs_value", "duties"],
                    "regimes": ["us_standard"],
                },
            },
        ],
    }
)


def test_rules_limited_by_code_and_by_regime_match_the_itemised_engine() -> None:
    frame = catalogue()
    result = calculate_batch(frame, request(markets=["US"], scenarios=[LIMITED]))
    lines = frame.to_dicts()
    scenarios = {"baseline": None, LIMITED.name: LIMITED}
    regimes = set()
    for row in result.iter_rows(named=True):
        status, total = _quote_under(lines[row["row"] - 2], row, scenarios[row["scenario"]])
        assert (row["status"], row["landed_total_amount_minor"]) == (status, total), row
        regimes.add(row["regime"])
    assert "umbrella_relief" in regimes


def _quote_under(
    line: dict[str, Any], result: dict[str, Any], scenario: Any
) -> tuple[str, int | None]:
    channel = get_channel(result["channel"])
    pack = apply_scenario(get_pack(result["market"]), scenario)
    measures = {"pair": line["unit_pair"]} if line["unit_pair"] else {}
    data = {
        "destination": result["market"],
        "ship_from": "CN",
        "date": DAY,
        "currency": line["currency"],
        "mode": channel.mode,
        "transport": channel.transport,
        "sale_model": channel.sale_model,
        "tax_collector": channel.tax_collector,
        "incoterm": channel.incoterm,
        "freight": line["freight"],
        "lines": [
            {
                "hs_code": line["hs_code"],
                "origin": line["origin"],
                "quantity": line["quantity"],
                "unit_value": line["unit_value"],
                "unit_weight_kg": line["unit_weight_kg"],
                "unit_measures": measures,
            }
        ],
    }
    rates = load_shipped_rates(max_staleness_days=pack.header.fx.max_staleness_days)
    try:
        quote = calculate_landed_cost(parse_consignment(data), pack=pack, rates=rates)
    except ChuhaiError as error:
        return error.code, None
    return "ok", quote.landed_total.to_minor()


# -- exact conversion in Int64 limbs and wide values ------------------------------------------

_DIGITS = {0: "JPY", 2: "USD", 3: "KWD"}


@settings(max_examples=150, deadline=None)
@given(
    significant=st.integers(1, 28),
    shift=st.integers(-6, 3),
    magnitude=st.integers(1, 15),
    scale=st.sampled_from([2, 4, 6]),
    digits=st.sampled_from(sorted(_DIGITS)),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_integer_conversion_is_the_decimal_one_or_flags_the_row(
    significant: int, shift: int, magnitude: int, scale: int, digits: int, seed: int
) -> None:
    """Every row convert_expr does not flag equals the Decimal code; few rows are flagged."""
    import random

    from chuhai.batch.exact import Conversion, convert_exact, convert_expr
    from chuhai.domain.fx import FxMethod, FxQuote

    rng = random.Random(seed)
    coefficient = rng.randint(10 ** (significant - 1), 10**significant - 1)
    rate = Decimal(coefficient).scaleb(shift - significant + 1)
    quote = FxQuote("CNY", _DIGITS[digits], rate, DAY, "test", "official", FxMethod.DAILY)
    conversion = Conversion.of(quote)
    amounts = [rng.randint(0, 10**magnitude) for _ in range(300)]
    amounts += [a - a % 399 for a in amounts[:50]]  # near-ties of rates like 5309/798
    top = max(amounts)
    try:
        value, doubtful = convert_expr(
            pl.col("x"), conversion, scale=scale, digits=digits, max_x=top
        )
    except ValueError:  # outside the range the engine handles: it says so
        return
    out = pl.DataFrame({"x": amounts}).select(value.alias("v"), doubtful.alias("d"))
    for amount, (result, flagged) in zip(amounts, out.iter_rows(), strict=True):
        if not flagged:
            assert result == convert_exact(amount, conversion, scale=scale), amount
    assert out["d"].sum() <= 0.2 * len(amounts)


def test_the_usd_cny_near_ties_are_flagged() -> None:
    """USD -> CNY at 6.652882205513784461152882206 (about 5309/798): amounts that are
    multiples of 399 cents convert to just under a half fen, where the 28-digit product may
    round up; those are flagged for the Decimal code, the others are already exact."""
    from chuhai.batch.exact import Conversion, convert_exact, convert_expr
    from chuhai.domain.fx import FxMethod, FxQuote

    rate = Decimal("6.652882205513784461152882206")
    conversion = Conversion.of(FxQuote("USD", "CNY", rate, DAY, "t", "official", FxMethod.DAILY))
    amounts = [399 * k for k in range(1, 2_000)] + list(range(1, 2_000))
    value, doubtful = convert_expr(pl.col("x"), conversion, scale=2, digits=2, max_x=10**9)
    out = pl.DataFrame({"x": amounts}).select(value.alias("v"), doubtful.alias("d"))
    assert 0 < out["d"].sum() < len(amounts) // 2
    for amount, (result, flagged) in zip(amounts, out.iter_rows(), strict=True):
        exact = convert_exact(amount, conversion, scale=2)
        assert flagged or result == exact, amount


def test_wide_values_take_the_wide_path_and_stay_exact() -> None:
    """Values near the catalogue's limit: the bounds send duties, taxes and conversions to
    Int128 where Int64 could overflow, and every plan still equals the itemised engine."""
    frame = pl.DataFrame(
        {
            "sku": ["BIG-1", "BIG-2", "SMALL"],
            "hs_code": ["6601.99.00", "4202.92.91", "6404.11.90"],
            "origin": ["CN", "VN", "CN"],
            "unit_value": ["99999999.9999", "1234567.89", "0.01"],
            "currency": ["CNY", "CNY", "CNY"],
            "quantity": ["1000", "70000", "1"],
            "unit_weight_kg": ["900000", "12.5", "0.001"],
            "unit_pair": ["", "", "1"],
            "freight": ["999999999.99", "5", "0"],
            "unit_price": ["99000000", "", "1"],
        }
    )
    result = calculate_batch(frame, request(markets=["US", "DE", "GB"]))
    lines = frame.to_dicts()
    for row in result.iter_rows(named=True):
        status, total = itemised_total(lines[row["row"] - 2], row)
        assert (row["status"], row["landed_total_amount_minor"]) == (status, total), row


def test_every_amount_stays_within_the_bounds_that_size_its_integers() -> None:
    """The bounds that choose Int64 over Int128 (and let the landed total convert in Int64)
    hold on every market and channel, for small and very large lines alike."""
    import random

    from chuhai.batch import CHANNELS
    from chuhai.batch.engine import _ceiling
    from chuhai.batch.rows import RowExpressions
    from chuhai.rules.registry import UNIONS, available_packs

    rng = random.Random(5)
    codes = ["6601.99.00", "4202.92.91", "6404.11.90", "6402.99", "8517.13", "9503.00", "6109"]
    size = 60
    frame = pl.DataFrame(
        {
            "sku": [f"S{i}" for i in range(size)],
            "hs_code": [rng.choice(codes) for _ in range(size)],
            "origin": [rng.choice(["CN", "VN", "GB", "US"]) for _ in range(size)],
            "unit_value": [
                f"{rng.randint(0, 10 ** rng.randint(1, 8))}.{rng.randint(0, 99):02d}"
                for _ in range(size)
            ],
            "currency": [rng.choice(["CNY", "USD", "EUR", "JPY"]) for _ in range(size)],
            "quantity": [str(rng.choice([1, 3, 250, 90_000])) for _ in range(size)],
            "unit_weight_kg": [str(rng.choice([0.001, 2.5, 900])) for _ in range(size)],
            "unit_pair": [rng.choice([None, "1", "2"]) for _ in range(size)],
            "freight": [str(rng.choice([0, 95, 10**6])) for _ in range(size)],
        }
    )
    good, _ = validate_rows(frame, first_row=2)  # lines above the catalogue's limit drop out
    assert good.height > size // 2
    markets = [m for m in available_packs() if m not in UNIONS]
    engine = BatchEngine(BatchRequest(markets=markets, channels=list(CHANNELS.values()), as_of=DAY))
    chunk = engine.chunk(good)
    amounts = ["goods", "_freight", "_insurance", "_customs", "_duty", "_measures"]
    amounts += ["_per_item", "_fees", "_taxes"]
    checked = 0
    for runner, source in zip(engine.runners, engine.sources, strict=True):
        plan = runner.plan
        if source is not None or plan.error is not None:
            continue
        values = chunk.values(plan)
        columns = runner.key_columns(engine.registry.keys)
        measures = {c for c in chunk.frame.columns if c.startswith("m_")}
        top_quantity = max(
            chunk.bound("quantity") * 10**6,
            chunk.bound("weight_e6"),
            *(chunk.bound(c) for c in measures),
        )
        rows = RowExpressions(
            plan, columns, measures, _ceiling(values.max_value), _ceiling(top_quantity)
        )
        lazy = pl.concat([chunk.frame, values.frame], how="horizontal").lazy()
        if columns.frame.width:
            lazy = lazy.with_columns(
                pl.lit(c).gather(pl.col("k")).alias(c.name) for c in columns.frame.get_columns()
            )
        for stage in rows.stages():
            lazy = lazy.with_columns(stage)
        maxima = lazy.select(*(pl.col(a).abs().max() for a in [*amounts, "_landed"]))
        result = maxima.collect().row(0)
        for name, found in zip([*amounts, "_landed"], result, strict=True):
            bound = rows.landed_bound if name == "_landed" else rows.bounds[name]
            assert found is None or found <= bound, (plan.key, name, found, bound)
        checked += 1
    assert checked > 20
