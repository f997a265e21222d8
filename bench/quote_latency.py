"""Median in-process time of a 3-line consignment quote (target: <= 1 ms).

Run: ``make bench`` or ``uv run python bench/quote_latency.py [--runs N] [--json PATH]``.
Packs and exchange rates are loaded once (warm), as in a server; the figure covers
validation of the consignment dict and the whole quote.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from chuhai.domain.consignment import parse_consignment
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.registry import get_pack

LINES = [
    {
        "hs_code": "6601.99.00",
        "origin": "CN",
        "quantity": "2",
        "unit_value": "68.00",
        "unit_weight_kg": "0.55",
    },
    {
        "hs_code": "6402.99.16",
        "origin": "CN",
        "quantity": "1",
        "unit_value": "120.00",
        "unit_weight_kg": "0.9",
        "unit_measures": {"pair": "1"},
    },
    {
        "hs_code": "4202.92.31",
        "origin": "CN",
        "quantity": "1",
        "unit_value": "180.00",
        "unit_weight_kg": "0.7",
    },
]


def consignment(destination: str, *, mode: str, collector: str) -> dict[str, Any]:
    return {
        "destination": destination,
        "ship_from": "CN",
        "date": "2026-11-29",
        "currency": "CNY",
        "mode": mode,
        "sale_model": "b2c_direct",
        "tax_collector": collector,
        "freight": "95.00",
        "lines": LINES,
    }


CASES = {
    "DE (IOSS, EUR 3 duty, VAT at sale)": consignment("DE", mode="courier", collector="platform"),
    "US (MFN + fees)": consignment("US", mode="courier", collector="border"),
    "GB (<= GBP 135, VAT at sale)": consignment("GB", mode="courier", collector="platform"),
}


def measure(data: dict[str, Any], runs: int) -> dict[str, float]:
    rates = load_shipped_rates(max_staleness_days=45)
    pack = get_pack(data["destination"])
    calculate_landed_cost(parse_consignment(data), pack=pack, rates=rates)  # warm caches
    timings = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        calculate_landed_cost(parse_consignment(data), pack=pack, rates=rates)
        timings.append((time.perf_counter_ns() - start) / 1e6)
    return {
        "median_ms": statistics.median(timings),
        "p90_ms": statistics.quantiles(timings, n=10)[-1],
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args()
    results = {name: measure(data, args.runs) for name, data in CASES.items()}
    print(f"{'case':45} {'median ms':>10} {'p90 ms':>10}")
    for name, row in results.items():
        print(f"{name:45} {row['median_ms']:10.3f} {row['p90_ms']:10.3f}")
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2)


if __name__ == "__main__":
    main()
