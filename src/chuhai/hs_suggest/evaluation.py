"""``chuhai hs evaluate``: accuracy of the suggestions on a labelled CSV (``title``, ``code``).

Top-1 and top-3 accuracy at 2, 4 and 6 digits count an abstention as a miss; the same
figures over answered titles only, the abstention rate and the latency per title come too.

>>> outcomes = [Outcome("660191", ("660191", "660199"), 0.01),
...             Outcome("640411", ("640219", "640411"), 0.02),
...             Outcome("950300", (), 0.03)]
>>> m = calculate_metrics(outcomes)
>>> m.top1[6], m.top3[6], m.top1[2], m.abstention_rate, m.answered_top1[6]
(0.3333, 0.6667, 0.6667, 0.3333, 0.5)
"""

from __future__ import annotations

import csv
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chuhai.errors import InputError

LEVELS = (2, 4, 6)


@dataclass(frozen=True)
class LabelledTitle:
    title: str
    code: str  # digits only: 6, 8 or 10
    row: int


@dataclass(frozen=True)
class Outcome:
    """What the model answered for one labelled title: candidates (empty = abstained)."""

    expected: str
    predicted: tuple[str, ...]
    seconds: float

    def hit(self, digits: int, top: int) -> bool:
        return any(code[:digits] == self.expected[:digits] for code in self.predicted[:top])


@dataclass(frozen=True)
class Metrics:
    n: int
    answered: int
    top1: dict[int, float]
    top3: dict[int, float]
    answered_top1: dict[int, float]
    answered_top3: dict[int, float]
    abstention_rate: float
    median_ms: float
    p95_ms: float

    def to_dict(self) -> dict[str, Any]:
        def by_level(values: dict[int, float]) -> dict[str, float]:
            return {f"hs{digits}": value for digits, value in values.items()}

        return {
            "n": self.n,
            "answered": self.answered,
            "abstention_rate": self.abstention_rate,
            "top1": by_level(self.top1),
            "top3": by_level(self.top3),
            "answered_top1": by_level(self.answered_top1),
            "answered_top3": by_level(self.answered_top3),
            "latency_ms": {"median": self.median_ms, "p95": self.p95_ms},
        }


def _share(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def calculate_metrics(outcomes: Sequence[Outcome]) -> Metrics:
    """Accuracy, abstention and latency (p95 = nearest rank) over ``outcomes``."""
    answered = [o for o in outcomes if o.predicted]
    n = len(outcomes)

    def rate(pool: Sequence[Outcome], top: int, total: int) -> dict[int, float]:
        return {d: _share(sum(o.hit(d, top) for o in pool), total) for d in LEVELS}

    ms = [o.seconds * 1000 for o in outcomes]
    return Metrics(
        n=n,
        answered=len(answered),
        top1=rate(answered, 1, n),
        top3=rate(answered, 3, n),
        answered_top1=rate(answered, 1, len(answered)),
        answered_top3=rate(answered, 3, len(answered)),
        abstention_rate=_share(n - len(answered), n),
        median_ms=round(statistics.median(ms), 2) if ms else 0.0,
        p95_ms=round(_percentile(ms, 0.95), 2),
    )


def _code(text: str, *, path: Path, row: int) -> str:
    digits = text.replace(".", "").replace(" ", "")
    if not (digits.isascii() and digits.isdigit() and len(digits) in (6, 8, 10)):
        raise InputError(
            f"not an HS code of 6, 8 or 10 digits: {text!r}", file=str(path), row=row, field="code"
        )
    return digits


def read_labelled(path: Path) -> list[LabelledTitle]:
    """The rows of a UTF-8 CSV with ``title`` and ``code`` columns (others ignored)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=str(path)) from None
    header = [name.strip().casefold() for name in rows[0]] if rows else []
    for name in ("title", "code"):
        if name not in header:
            raise InputError("column missing from the header", file=str(path), row=1, field=name)
    t, c = header.index("title"), header.index("code")
    labelled = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(t, c):
            raise InputError("too few fields", file=str(path), row=number, field="code")
        if not row[t].strip():
            raise InputError("empty title", file=str(path), row=number, field="title")
        labelled.append(LabelledTitle(row[t].strip(), _code(row[c], path=path, row=number), number))
    if not labelled:
        raise InputError("no labelled rows", file=str(path))
    return labelled


def evaluate(labelled: Sequence[LabelledTitle], predict: Callable[[str], Sequence[str]]) -> Metrics:
    """Run ``predict`` (title -> ranked HS6 codes, empty when abstaining) on every title."""
    outcomes = []
    for item in labelled:
        started = time.perf_counter()
        predicted = tuple(predict(item.title))
        outcomes.append(Outcome(item.code, predicted, time.perf_counter() - started))
    return calculate_metrics(outcomes)
