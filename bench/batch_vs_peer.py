"""Batch engine vs itemised loop vs the PyPI peer ``landed-cost-calculator``, same inputs.

Run: ``uv run --group bench python bench/batch_vs_peer.py [--sizes 1e4,1e5,1e6,1e7]
[--json bench/batch_vs_peer.json]``.

For each size (result rows = catalogue rows x markets x channels x scenarios) one generated
catalogue (Parquet) feeds:

(a) the batch engine, in a fresh process: catalogue read, validated and evaluated chunk by
    chunk (``engine``), and the same streamed to a Parquet result file (``to parquet``);
(b) the itemised engine in a loop (parse + quote per row), timed on a sample of rows and
    extrapolated to the size (it costs the same per row);
(c) the peer's ``landed_cost.calculate()`` per row, on the same goods, quantity, freight, FX
    rate, duty rate and VAT rate, timed up to 10^6 rows and extrapolated beyond.

Rows per second and peak memory (max RSS of the process) are printed as a table and written
as JSON. Finally (a) and (c) are compared where the peer's simpler model applies (standard
import into EU member states and GB by sea: one ad valorem duty, VAT on CIF + duty, FX, no
threshold): the share of rows within one and two minor units, and the largest difference.

What each side's time covers: (a) ``engine`` runs cold and counts compiling the plans,
reading and validating the catalogue file (text to exact integers) and computing every
result row in memory (the split is in the JSON: ``compile_seconds``,
``read_validate_seconds``, ``compute_seconds``); ``to parquet`` adds writing the results and
the summary, which the peer has no counterpart for. (c) counts only ``calculate()`` calls on
arguments already parsed to floats, with the rates looked up, after one warm-up call. Rows
are counted alike: one result row per catalogue row x market x channel x scenario, one
``calculate()`` call per result row.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from chuhai.batch import BatchRequest, get_channel, run_batch
from chuhai.batch.runner import BatchEngine
from chuhai.domain.consignment import parse_consignment
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.rule_schema import TaxRule
from chuhai.domain.scenario import Scenario
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.registry import get_pack

AS_OF = date(2026, 11, 29)
MARKETS = ["US", "DE", "GB", "FR", "IT", "NL", "ES", "PL", "AU", "CA"]
CHANNELS = [
    "courier_b2c_platform",
    "courier_b2c_border",
    "postal_b2c_border",
    "sea_b2b2c_warehouse",
    "sea_b2b",
]
SIMPLE = (["DE", "FR", "IT", "NL", "ES", "PL", "GB"], "sea_b2b")
# Bags, apparel, shoes and umbrellas (Jinjiang's exports): national lines that every market
# above resolves (US and EU tariffs at 8 digits, the others at 4 or 6).
CODES = [
    "42023210", "42029110", "42029215", "42029291", "61042200", "61043200", "61044200",
    "61046100", "61091000", "61101210", "61102010", "61103010", "61109090", "62034311",
    "62042210", "62043310", "62046311", "62061000", "62114210", "64022000", "64029190",
    "64029931", "64035111", "64039111", "64041990", "66011000", "66019100",
]  # fmt: skip
SCENARIO = Scenario.model_validate(
    {
        "name": "cn-54",
        "description": "US additional duty on CN origin 54% from 2026-11-01",
        "operations": [
            {
                "op": "add",
                "pack": "US",
                "from": "2026-11-01",
                "rule": {
                    "id": "bench_cn_54",
                    "kind": "measure",
                    "measure": "cn_extra",
                    "group": "cn_extra",
                    "label": "Additional duty on CN origin",
                    "expression": "54%",
                    "when": {"origins": ["CN"]},
                },
            }
        ],
    }
)
SEGMENTS = len(MARKETS) * len(CHANNELS) * 2  # x (baseline, scenario)


def generate(rows: int, path: Path, *, seed: int = 7) -> Path:
    """A catalogue whose rows x markets x channels x scenarios make ``rows`` results."""
    skus = max(1, rows // SEGMENTS)
    rng = random.Random(seed)
    frame = pl.DataFrame(
        {
            "sku": [f"SKU-{i:07d}" for i in range(skus)],
            "hs_code": [rng.choice(CODES) for _ in range(skus)],
            "origin": [rng.choice(["CN"] * 9 + ["VN"]) for _ in range(skus)],
            "unit_value": [f"{rng.randint(200, 90_000) / 100:.2f}" for _ in range(skus)],
            "currency": ["CNY"] * skus,
            "quantity": [str(rng.choice([1, 1, 2, 6, 24, 120])) for _ in range(skus)],
            "unit_weight_kg": [f"{rng.randint(80, 2_500) / 1000:.3f}" for _ in range(skus)],
            "unit_pair": ["1"] * skus,
            "freight": [f"{rng.randint(0, 40_000) / 100:.2f}" for _ in range(skus)],
        }
    )
    frame.write_parquet(path)
    return path


def request() -> BatchRequest:
    return BatchRequest(
        markets=MARKETS,
        channels=[get_channel(c) for c in CHANNELS],
        as_of=AS_OF,
        scenarios=[SCENARIO],
    )


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- workers (each runs in its own process, so peak memory is its own) -----------------------


def load_data() -> float:
    """Load the packs and exchange rates once, as a server would; returns the seconds."""
    started = time.perf_counter()
    for market in MARKETS:
        get_pack(market)
    load_shipped_rates(max_staleness_days=45)
    return time.perf_counter() - started


def work_engine(catalogue: Path, chunk: int) -> dict[str, Any]:
    from chuhai.batch.catalogue import validate_rows
    from chuhai.batch.io import read_chunks

    loading = load_data()
    started = time.perf_counter()
    engine = BatchEngine(request())
    compiled = time.perf_counter()
    rows = failed = lines = 0
    reading = 0.0  # reading and validating the catalogue (input I/O), inside `seconds`
    mark = time.perf_counter()
    for raw, first in read_chunks(catalogue, chunk_size=chunk):
        good, _ = validate_rows(raw, first_row=first)
        reading += time.perf_counter() - mark
        lines += good.height
        for _, frame in engine.evaluate(engine.chunk(good)):
            rows += frame.height
            failed += frame.get_column("landed_total_amount_minor").null_count()
        mark = time.perf_counter()
    done = time.perf_counter()
    computed = lines * engine.distinct_plans
    return {
        "rows": rows,
        "failed": failed,
        "plans": len(engine.plans),
        "distinct_plans": engine.distinct_plans,
        "computed_rows_per_s": computed / (done - started),
        "seconds": done - started,
        "compile_seconds": compiled - started,
        "read_validate_seconds": reading,
        "compute_seconds": done - compiled - reading,
        "load_seconds": loading,
        "rows_per_s": rows / (done - started),
        "peak_mib": peak_mib(),
    }


def work_parquet(catalogue: Path, chunk: int) -> dict[str, Any]:
    load_data()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        report = run_batch(catalogue, Path(folder) / "out.parquet", request(), chunk_size=chunk)
        seconds = time.perf_counter() - started
    return {
        "rows": report.rows_out,
        "seconds": seconds,
        "rows_per_s": report.rows_out / seconds,
        "peak_mib": peak_mib(),
    }


def _sample_rows(catalogue: Path, count: int) -> list[tuple[dict[str, Any], str, str, str]]:
    frame = pl.read_parquet(catalogue)
    rng = random.Random(11)
    names = ["baseline", SCENARIO.name]
    return [
        (
            frame.row(rng.randrange(frame.height), named=True),
            rng.choice(MARKETS),
            rng.choice(CHANNELS),
            rng.choice(names),
        )
        for _ in range(count)
    ]


def consignment(line: dict[str, Any], market: str, channel: str) -> dict[str, Any]:
    spec = get_channel(channel)
    return {
        "destination": market,
        "ship_from": "CN",
        "date": AS_OF,
        "currency": line["currency"],
        "mode": spec.mode,
        "transport": spec.transport,
        "sale_model": spec.sale_model,
        "tax_collector": spec.tax_collector,
        "incoterm": spec.incoterm,
        "freight": line["freight"],
        "lines": [
            {
                "hs_code": line["hs_code"],
                "origin": line["origin"],
                "quantity": line["quantity"],
                "unit_value": line["unit_value"],
                "unit_weight_kg": line["unit_weight_kg"],
                "unit_measures": {"pair": line["unit_pair"]},
            }
        ],
    }


def work_itemised(catalogue: Path, sample: int) -> dict[str, Any]:
    from chuhai.domain.scenario import apply_scenario

    rates = load_shipped_rates(max_staleness_days=45)
    packs = {
        (m, s): apply_scenario(get_pack(m), SCENARIO if s != "baseline" else None)
        for m in MARKETS
        for s in ("baseline", SCENARIO.name)
    }
    rows = _sample_rows(catalogue, sample)
    warm = rows[0]
    calculate_landed_cost(
        parse_consignment(consignment(warm[0], "DE", "sea_b2b")),
        pack=packs[("DE", "baseline")],
        rates=rates,
    )
    started = time.perf_counter()
    failed = 0
    for line, market, channel, scenario in rows:
        try:
            calculate_landed_cost(
                parse_consignment(consignment(line, market, channel)),
                pack=packs[(market, scenario)],
                rates=rates,
            )
        except Exception:
            failed += 1
    seconds = time.perf_counter() - started
    return {"rows": sample, "failed": failed, "seconds": seconds, "rows_per_s": sample / seconds,
            "peak_mib": peak_mib()}  # fmt: skip


def peer_arguments(catalogue: Path, rows: int) -> list[dict[str, Any]]:
    """The peer's inputs for ``rows`` result rows: the same goods, freight, FX, duty and VAT."""
    frame = pl.read_parquet(catalogue)
    rates = load_shipped_rates(max_staleness_days=45)
    args = []
    for market in MARKETS:
        pack = get_pack(market)
        fx = float(_rate(rates, market))
        vat = _vat(pack)
        cif = market != "US" and market != "CA" and market != "AU"
        for line in frame.iter_rows(named=True):
            args.append(
                {
                    "unit_price": float(line["unit_value"]),
                    "quantity": int(line["quantity"]),
                    "freight_total": round(float(line["freight"]) * fx, 2),
                    "tariff_rate": _duty(pack, line["hs_code"]),
                    "vat_rate": vat,
                    "fx_rate": fx,
                    "duty_includes_freight": cif,
                    "currency": pack.header.currency,
                }
            )
    repeats = -(-rows // max(len(args), 1))
    return (args * repeats)[:rows]


def _rate(rates: Any, market: str) -> Decimal:
    from chuhai.domain.conversion import Converter
    from chuhai.domain.fx import FxMethod

    pack = get_pack(market)
    converter = Converter(rates, as_of=AS_OF, method=FxMethod(pack.header.fx.method))
    return converter.rate("CNY", pack.header.currency).rate


def _vat(pack: Any) -> float:
    taxes = pack.active(TaxRule, AS_OF)
    return float(taxes[0].rate) if taxes else 0.0


def _duty(pack: Any, hs: str) -> float:
    from chuhai.batch.forms import parse

    try:
        match = pack.find_duty(hs, column="mfn", as_of=AS_OF)
        rate = parse(match.line.expression).ad_valorem_rate if match else None
    except Exception:
        rate = None
    return float(rate) if rate is not None and rate <= 1 else 0.0


def work_peer(catalogue: Path, rows: int) -> dict[str, Any]:
    from landed_cost import calculate  # the peer, a bench-only dependency

    args = peer_arguments(catalogue, rows)
    calculate(**args[0])
    started = time.perf_counter()
    for kwargs in args:
        calculate(**kwargs)
    seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds, "peak_mib": peak_mib()}


def work_agreement(catalogue: Path) -> dict[str, Any]:
    """(a) vs (c) where the peer's model applies: EU members and GB, sea B2B, standard entry."""
    from landed_cost import calculate

    from chuhai.batch import calculate_batch

    markets, channel = SIMPLE
    frame = pl.read_parquet(catalogue)
    batch = calculate_batch(
        frame,
        BatchRequest(markets=markets, channels=[get_channel(channel)], as_of=AS_OF),
    )
    rates = load_shipped_rates(max_staleness_days=45)
    by_row = {r["row"] - 2: r for r in frame.with_row_index("row", offset=2).iter_rows(named=True)}
    compared = within_one = within_two = 0
    largest = Decimal(0)
    for result in batch.iter_rows(named=True):
        if result["status"] != "ok" or result["regime"] not in ("eu_standard", "gb_standard"):
            continue
        line = by_row[result["row"] - 2]
        pack = get_pack(result["market"])
        fx = _rate(rates, result["market"])
        duty = _duty(pack, line["hs_code"])
        freight = Decimal(result["freight_amount_minor"]).scaleb(-2)
        peer = calculate(
            unit_price=float(line["unit_value"]),
            quantity=int(line["quantity"]),
            freight_total=float(freight),
            tariff_rate=duty,
            vat_rate=_vat(pack),
            fx_rate=float(fx),
            duty_includes_freight=True,
            currency=pack.header.currency,
        )
        ours = Decimal(result["landed_total_amount_minor"]).scaleb(-2)
        difference = abs(Decimal(str(peer["total_landed_cost"])) - ours)
        compared += 1
        within_one += difference <= Decimal("0.01")
        within_two += difference <= Decimal("0.02")
        largest = max(largest, difference)
    return {
        "markets": markets,
        "channel": channel,
        "rows_compared": compared,
        "within_one_minor_unit": within_one,
        "within_two_minor_units": within_two,
        "largest_difference": str(largest),
    }


WORKERS = {
    "engine": work_engine,
    "parquet": work_parquet,
    "itemised": work_itemised,
    "peer": work_peer,
    "agreement": work_agreement,
}


def run_worker(kind: str, catalogue: Path, size: int) -> dict[str, Any]:
    """One measurement in a fresh process; the machine's load average is recorded with it."""
    command = [sys.executable, __file__, "--worker", kind, "--catalogue", str(catalogue),
               "--size", str(size)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} worker failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["load_average"] = os.getloadavg()[0]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1e4,1e5,1e6,1e7")
    parser.add_argument("--json", dest="json_path", default="bench/batch_vs_peer.json")
    parser.add_argument("--chunk", type=int, default=200000)
    parser.add_argument("--itemised-sample", type=int, default=2_000)
    parser.add_argument("--peer-max", type=int, default=1_000_000)
    parser.add_argument("--worker", choices=sorted(WORKERS))
    parser.add_argument("--catalogue", type=Path)
    parser.add_argument("--size", type=int, default=0)
    args = parser.parse_args()
    if args.worker:
        size = args.size
        extra = {"engine": args.chunk, "parquet": args.chunk, "itemised": size, "peer": size}
        worker = WORKERS[args.worker]
        result = (
            worker(args.catalogue)
            if args.worker == "agreement"
            else worker(args.catalogue, extra[args.worker])
        )
        print(json.dumps(result))
        return
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    results = measure(sizes, args)
    print_table(results)
    with open(args.json_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
    print(f"written {args.json_path}")


def measure(sizes: list[int], args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {
        "machine": {"cpus": _cpus(), "python": platform.python_version(), "polars": pl.__version__},
        "shape": {"markets": MARKETS, "channels": CHANNELS, "scenarios": ["baseline", SCENARIO.name]},
        "sizes": {},
    }  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            catalogue = generate(size, Path(folder) / f"catalogue_{size}.parquet")
            row: dict[str, Any] = {
                "engine": run_worker("engine", catalogue, size),
                "parquet": run_worker("parquet", catalogue, size),
            }
            sample = min(size, args.itemised_sample)
            itemised = run_worker("itemised", catalogue, sample)
            itemised["extrapolated"] = sample < size
            row["itemised"] = itemised
            peer_rows = min(size, args.peer_max)
            peer = run_worker("peer", catalogue, peer_rows)
            peer["extrapolated"] = peer_rows < size
            row["peer"] = peer
            row["speedup_vs_peer"] = row["engine"]["rows_per_s"] / peer["rows_per_s"]
            row["speedup_vs_itemised"] = row["engine"]["rows_per_s"] / itemised["rows_per_s"]
            results["sizes"][str(size)] = row
            print(f"size {size:,} done", file=sys.stderr)
        last = generate(20_000, Path(folder) / "agreement.parquet")
        results["agreement"] = run_worker("agreement", last, 0)
    return results


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def print_table(results: dict[str, Any]) -> None:
    header = f"{'rows':>12} {'engine':>22} {'to parquet':>22} {'itemised loop':>22} {'peer':>22} {'x peer':>8}"
    print(header)
    for size, row in results["sizes"].items():
        cells = [_cell(row[k]) for k in ("engine", "parquet", "itemised", "peer")]
        print(
            f"{int(size):>12,} "
            + " ".join(f"{c:>22}" for c in cells)
            + f" {row['speedup_vs_peer']:>7.{0 if row['speedup_vs_peer'] >= 10 else 1}f}x"
        )
    print(
        "cells: rows/s · peak MiB; * = timed on fewer rows and extrapolated (cost per row is flat)"
    )
    first = next(iter(results["sizes"].values()))["engine"]
    print(
        f"engine: {first['distinct_plans']} distinct plans of {first['plans']} (plans the rules "
        "do not tell apart share their figures); counting computed rows only:"
    )
    for size, row in results["sizes"].items():
        print(f"{int(size):>12,} {row['engine']['computed_rows_per_s']:>22,.0f} computed rows/s")
    print("engine seconds: compile + read and validate the catalogue + compute; to parquet adds")
    print("writing the results (Parquet, lz4) and the summary:")
    for size, row in results["sizes"].items():
        engine, parquet = row["engine"], row["parquet"]
        print(
            f"{int(size):>12,}   compile {engine['compile_seconds']:.3f}  read+validate "
            f"{engine['read_validate_seconds']:.3f}  compute {engine['compute_seconds']:.3f}  "
            f"= {engine['seconds']:.3f} s; to parquet {parquet['seconds']:.3f} s"
        )
    agreement = results["agreement"]
    print(
        f"agreement with the peer ({', '.join(agreement['markets'])}, {agreement['channel']}): "
        f"{agreement['within_one_minor_unit']}/{agreement['rows_compared']} rows within 0.01, "
        f"{agreement['within_two_minor_units']} within 0.02, largest difference "
        f"{agreement['largest_difference']}"
    )


def _cell(result: dict[str, Any]) -> str:
    mark = "*" if result.get("extrapolated") else ""
    return f"{result['rows_per_s']:,.0f}{mark} · {result['peak_mib']:,.0f}"


if __name__ == "__main__":
    main()
