"""Run a catalogue through markets x channels x scenarios: in memory or file to file.

:class:`BatchEngine` compiles one plan per market x channel x scenario (baseline first) and
evaluates chunks of catalogue rows against each. :func:`calculate_batch` does it for a
DataFrame in memory; :func:`run_batch` streams a file through it chunk by chunk, writing
results (and the scenario diff) as it goes, so memory follows the chunk size.

A catalogue with bad rows writes nothing and raises :class:`CatalogueError` listing every
bad row, unless ``skip_bad_rows``: then the good rows are written and the bad ones listed in
``<output>.bad_rows.csv`` beside the results.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from chuhai.batch.catalogue import BadRow, CatalogueError, validate_rows
from chuhai.batch.channels import Channel
from chuhai.batch.chunk import Chunk, KeyRegistry, prepare_chunk
from chuhai.batch.engine import OUTPUT_SCHEMA, Pending, PlanRunner
from chuhai.batch.io import Writer, read_chunks
from chuhai.batch.plan import Plan, compile_plan
from chuhai.batch.profiles import TariffCache
from chuhai.batch.report import DIFF_SCHEMA, Summary, diff_rows
from chuhai.domain.consignment import GivenRate
from chuhai.domain.fx import FxRates
from chuhai.domain.fx_providers import ChainedRates, UserRate, UserRates
from chuhai.domain.pack import Pack
from chuhai.domain.scenario import BASELINE, Scenario, apply_scenario
from chuhai.errors import InputError
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.registry import UNIONS, get_pack

__all__ = ["BatchEngine", "BatchReport", "BatchRequest", "calculate_batch", "run_batch"]

Progress = Callable[[int, int], None]  # (catalogue rows done, result rows written)
ROWS_IN_FLIGHT = 1_000_000  # result rows collected at once: bounds memory with the chunk size
PLANS_AT_ONCE = 2  # plans collected together (small groups keep the pipeline going)


@dataclass(frozen=True)
class BatchRequest:
    """What to compute: markets x channels x scenarios for every catalogue row, on a date."""

    markets: Sequence[str]
    channels: Sequence[Channel]
    as_of: date
    scenarios: Sequence[Scenario] = ()
    ship_from: str = "CN"
    baseline: bool = True
    fx_rates: Sequence[GivenRate] = ()

    def scenario_names(self) -> list[str]:
        names = ([BASELINE] if self.baseline or not self.scenarios else []) + [
            s.name for s in self.scenarios
        ]
        if len(set(names)) != len(names):
            raise InputError("scenario names must differ from each other and from 'baseline'")
        return names


@dataclass
class BatchReport:
    rows_in: int = 0
    rows_out: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    summary: pl.DataFrame = field(default_factory=pl.DataFrame)
    seconds: float = 0.0
    output: Path | None = None
    diff: Path | None = None
    bad_rows_file: Path | None = None


class BatchEngine:
    """The plans of a request, compiled once and evaluated chunk after chunk."""

    def __init__(self, request: BatchRequest, *, rates: FxRates | None = None) -> None:
        if not request.markets or not request.channels:
            raise InputError("give at least one market and one channel", field="markets")
        self.request = request
        self.registry = KeyRegistry()
        self.runners: list[PlanRunner] = []
        scenarios = {s.name: s for s in request.scenarios}
        names = request.scenario_names()
        tariffs = TariffCache()
        for market in request.markets:
            pack = _market_pack(market)
            market_rates = self._rates(pack, rates)
            packs = {name: apply_scenario(pack, scenarios.get(name)) for name in names}
            for channel in request.channels:
                for name in names:
                    plan = compile_plan(
                        packs[name],
                        market=pack.code,
                        channel=channel,
                        scenario=name,
                        as_of=request.as_of,
                        ship_from=request.ship_from,
                        rates=market_rates,
                    )
                    self.runners.append(PlanRunner(plan, tariffs))
        self.sources = _sources(self.runners)

    def _rates(self, pack: Pack, rates: FxRates | None) -> FxRates:
        found = rates or load_shipped_rates(max_staleness_days=pack.header.fx.max_staleness_days)
        if not self.request.fx_rates:
            return found
        given = UserRates(
            UserRate(
                base=r.base,
                quote=r.quote,
                rate=r.rate,
                valid_from=self.request.as_of,
                valid_to=None,
                source_label=r.source_label,
            )
            for r in self.request.fx_rates
        )
        return ChainedRates([given, found])

    @property
    def plans(self) -> list[Plan]:
        return [runner.plan for runner in self.runners]

    def chunk(self, good: pl.DataFrame) -> Chunk:
        """Validated rows ready for the plans (product keys numbered across chunks)."""
        return prepare_chunk(good, self.registry)

    def evaluate(self, chunk: Chunk) -> Iterator[tuple[Plan, pl.DataFrame]]:
        """Each plan's results for ``chunk``, baseline before the scenarios of a channel.

        Distinct plans are collected a few at a time (:data:`PLANS_AT_ONCE`, at most
        :data:`ROWS_IN_FLIGHT` result rows); a plan whose signature equals an earlier one's
        reuses that plan's figures. While Polars computes one group (in a worker thread,
        without the GIL), the next group's queries are built and the previous group's
        results finished, so the Python work and the Polars work overlap.
        """
        group = max(1, min(PLANS_AT_ONCE, ROWS_IN_FLIGHT // max(len(chunk), 1)))
        computed: dict[int, pl.DataFrame] = {}
        last_use = {i: i for i, source in enumerate(self.sources) if source is None}
        last_use.update({source: i for i, source in enumerate(self.sources) if source is not None})
        distinct = [i for i, source in enumerate(self.sources) if source is None]
        # the first group is one plan, so that Polars starts while the next are built
        batches = deque(distinct[start : start + group] for start in range(1, len(distinct), group))
        batches.appendleft(distinct[:1])
        labels: dict[tuple[str, str, int], pl.Series] = {}
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chuhai-batch") as pool:
            flight: deque[_Flight] = deque()
            self._launch(chunk, batches, flight, pool)
            for index, runner in enumerate(self.runners):
                source = self.sources[index]
                if source is None and index not in computed:
                    current = flight.popleft()
                    self._launch(chunk, batches, flight, pool)  # the next group meanwhile
                    computed.update(current.complete())
                frame = (
                    computed[index]
                    if source is None
                    else _relabel(computed[source], runner.plan, labels)
                )
                for done in [i for i in computed if last_use[i] <= index]:
                    del computed[done]
                yield runner.plan, frame

    def _launch(
        self,
        chunk: Chunk,
        batches: deque[list[int]],
        flight: deque[_Flight],
        pool: ThreadPoolExecutor,
    ) -> None:
        """Build the next group's queries and start collecting them in the worker thread."""
        if not batches:
            return
        indices = batches.popleft()
        with _collector_paused():
            pending = [self.runners[i].prepare(chunk, self.registry.keys) for i in indices]
        queries = [p.query for p in pending]
        flight.append(_Flight(indices, pending, pool.submit(_collect_all, queries)))

    @property
    def distinct_plans(self) -> int:
        return sum(source is None for source in self.sources)


@dataclass
class _Flight:
    """A group of plans whose queries are being collected."""

    indices: list[int]
    pending: list[Pending]
    frames: Future[list[pl.DataFrame]]

    def complete(self) -> dict[int, pl.DataFrame]:
        frames = self.frames.result()
        with _collector_paused():
            return {
                i: p.complete(f) for i, p, f in zip(self.indices, self.pending, frames, strict=True)
            }


def _collect_all(queries: list[pl.LazyFrame]) -> list[pl.DataFrame]:
    return pl.collect_all(queries, engine="streaming")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a chunk is compiled and evaluated.

    Building profiles allocates many small objects, and each full collection would walk the
    loaded packs (tens of thousands of tariff lines) for nothing: the work makes no cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sources(runners: list[PlanRunner]) -> list[int | None]:
    """For each plan, the earlier plan whose figures it can reuse (None: compute them)."""
    first: dict[tuple[object, ...], int] = {}
    sources: list[int | None] = []
    for index, runner in enumerate(runners):
        signature = runner.plan.signature()
        sources.append(first.get(signature))
        first.setdefault(signature, index)
    return sources


def _relabel(
    frame: pl.DataFrame, plan: Plan, labels: dict[tuple[str, str, int], pl.Series]
) -> pl.DataFrame:
    """Another plan's figures under this plan's channel and scenario.

    The figures are shared, not copied; the label columns are made once per value and
    height (``labels``) and shared as well.
    """
    relabelled = frame.clone()
    for name, value in (("channel", plan.channel.name), ("scenario", plan.scenario)):
        key = (name, value, frame.height)
        if key not in labels:
            labels[key] = pl.repeat(value, frame.height, dtype=pl.Utf8, eager=True).alias(name)
        relabelled.replace_column(frame.get_column_index(name), labels[key])
    return relabelled


def _market_pack(code: str) -> Pack:
    if code.strip().upper() in UNIONS:
        raise InputError(
            f"{code} is a customs union: name a member state (DE, FR...)", field="markets"
        )
    return get_pack(code)


def calculate_batch(
    catalogue: pl.DataFrame, request: BatchRequest, *, rates: FxRates | None = None
) -> pl.DataFrame:
    """Landed cost of every catalogue row in every market x channel x scenario, in memory.

    Raises :class:`CatalogueError` (every bad row listed) if any row is bad.
    """
    good, bad = validate_rows(catalogue, first_row=2)
    if bad:
        raise CatalogueError(bad)
    engine = BatchEngine(request, rates=rates)
    chunk = engine.chunk(good)
    frames = [frame for _, frame in engine.evaluate(chunk)]
    if not frames:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    return pl.concat(frames)


def run_batch(
    source: Path,
    output: Path,
    request: BatchRequest,
    *,
    chunk_size: int = 50_000,
    skip_bad_rows: bool = False,
    diff: Path | None = None,
    progress: Progress | None = None,
    rates: FxRates | None = None,
) -> BatchReport:
    """Stream ``source`` through the request into ``output`` (and the scenario ``diff``)."""
    started = time.perf_counter()
    engine = BatchEngine(request, rates=rates)
    report = BatchReport()
    writers = [Writer(output, OUTPUT_SCHEMA)]
    if diff is not None:
        writers.append(Writer(diff, DIFF_SCHEMA))
    summary = Summary()
    try:
        for raw, first_row in read_chunks(source, chunk_size=chunk_size):
            good, bad = validate_rows(raw, first_row=first_row)
            report.rows_in += raw.height
            report.bad_rows.extend(bad)
            if report.bad_rows and not skip_bad_rows:
                continue  # keep checking, to report every bad row; nothing is written
            _run_chunk(engine, engine.chunk(good), writers, summary, report)
            if progress is not None:
                progress(report.rows_in, report.rows_out)
        if report.bad_rows and not skip_bad_rows:
            raise CatalogueError(report.bad_rows, file=str(source))
    except BaseException:
        for writer in writers:
            writer.discard()
        raise
    report.output = writers[0].commit()
    report.diff = writers[1].commit() if diff is not None else None
    if report.bad_rows:
        report.bad_rows_file = _write_bad_rows(output, report.bad_rows)
    report.summary = summary.table()
    report.seconds = time.perf_counter() - started
    return report


def _run_chunk(
    engine: BatchEngine, chunk: Chunk, writers: list[Writer], summary: Summary, report: BatchReport
) -> None:
    if not len(chunk):
        return
    baseline: tuple[tuple[str, str], pl.DataFrame] | None = None  # plans come route by route
    for plan, frame in engine.evaluate(chunk):
        labels = {"market": plan.market}
        if len(chunk.currencies) == 1:
            labels["seller_currency"] = chunk.currencies[0]
        writers[0].write(frame)
        summary.add(frame, {**labels, "scenario": plan.scenario, "currency": plan.currency})
        report.rows_out += frame.height
        route = (plan.market, plan.channel.name)
        if plan.scenario == BASELINE:
            baseline = (route, frame) if len(writers) > 1 else None
        elif baseline is not None and baseline[0] == route:
            writers[1].write(diff_rows(baseline[1], frame))


def _write_bad_rows(output: Path, bad_rows: list[BadRow]) -> Path:
    path = output.with_name(output.name + ".bad_rows.csv")
    frame = pl.DataFrame(
        [b.to_dict() for b in bad_rows],
        schema={"row": pl.Int64, "field": pl.Utf8, "reason": pl.Utf8, "value": pl.Utf8},
    )
    frame.write_csv(path)
    return path
