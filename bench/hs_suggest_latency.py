"""Load time and per-title latency of ``chuhai hs suggest`` (target: <= 50 ms per title).

Run: ``uv run --frozen python bench/hs_suggest_latency.py [--json PATH]``. Times the first
call (imports numpy and loads the precomputed index), then every title of the development set
(``tests/fixtures/hs_dev.csv``) and a few Chinese titles, warm; also reports how often the
model abstains on HMRC's held-out vague descriptions (``tests/fixtures/hs_dev_vague.csv``).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parents[1] / "tests" / "fixtures"
CHINESE = ("折叠晴雨伞 自动开收 10骨", "纯棉短袖T恤 男", "婴儿纸尿裤 L码", "骨瓷咖啡杯套装")


def _column(path: Path, name: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[name] for row in csv.DictReader(handle)]


def run() -> dict[str, Any]:
    started = time.perf_counter()
    from chuhai.hs_suggest.suggest import suggest_hs_codes

    suggest_hs_codes("雨伞")
    load_s = time.perf_counter() - started
    titles = [*_column(FIXTURES / "hs_dev.csv", "title"), *CHINESE]
    timings = []
    for title in titles:
        t0 = time.perf_counter()
        suggest_hs_codes(title)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    vague = _column(FIXTURES / "hs_dev_vague.csv", "title")
    abstained = sum(suggest_hs_codes(title).abstained for title in vague)
    return {
        "load_seconds": round(load_s, 3),
        "titles": len(titles),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
        "max_ms": round(timings[-1], 2),
        "vague_titles": len(vague),
        "vague_abstention_rate": round(abstained / len(vague), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    figures = run()
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
