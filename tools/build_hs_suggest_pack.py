"""Rebuild ``src/chuhai/data/hs_suggest/`` (the HS suggestion model's pack) from upstream files.

Usage::

    uv run --frozen python tools/build_hs_suggest_pack.py [--data-dir DIR]

Reads, from the shared data directory (default ``$CHUHAI_SHARED_DATA``, else
``../shared/data`` beside the repository):

- ``hs_labelled/uk_fpo_search/*`` (HMRC FPO-search reference data, MIT, Crown copyright):
  labelled goods descriptions, tariff search terms, brand rows and vague terms;
- ``hs/harmonized-system.csv`` (HS 2022 nomenclature, ODC-PDDL-1.0);

and from the repository the hand-written ``descriptions_zh.csv`` and the glossary. UK codes
are HS-based: their first six digits are the HS 2022 subheading, checked against the HS 2022
list (rows whose HS6 is not in HS 2022 are dropped and counted in the manifest).

``extra_references.csv`` and ``vague_terms.csv`` are split by a hash of the normalised text:
buckets 0-1 of 10 (20 %) are the development set, written to ``tests/fixtures/hs_dev.csv`` and
``tests/fixtures/hs_dev_vague.csv`` and never trained on; buckets 2-3 of the rest calibrate
the abstention threshold (model fitted without them) and are then trained on as well.
The TF-IDF vectors of the corpus are fitted here and written to ``index.npz`` (numpy arrays,
no pickle), so that suggesting loads them instead of fitting; a softmax regression of the
headings over them is trained here too and written to ``classifier.npz``; ``manifest.json`` records the
sha256 of the generated corpus and index. The output is deterministic: a second run is
byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from chuhai.hs_suggest.calibration import calibrate
from chuhai.hs_suggest.classifier import dump_classifier
from chuhai.hs_suggest.features import normalise
from chuhai.hs_suggest.pack import CORPUS_COLUMNS, CorpusRow, Glossary, read_glossary
from chuhai.hs_suggest.softmax import fit_softmax
from chuhai.hs_suggest.tfidf import dump_tfidf, fit_tfidf

REPO_ROOT = Path(__file__).resolve().parent.parent
PACK_DIR = REPO_ROOT / "src" / "chuhai" / "data" / "hs_suggest"
HS_DIR = REPO_ROOT / "src" / "chuhai" / "data" / "hs"
FIXTURES = REPO_ROOT / "tests" / "fixtures"
FPO = "hs_labelled/uk_fpo_search"
NOMENCLATURE = "hs/harmonized-system.csv"
DEV_BUCKETS = (0, 1)
CALIBRATION_BUCKETS = (2, 3)
BUILDER = "tools/build_hs_suggest_pack.py"
# Softmax regression of headings over the word and Chinese TF-IDF blocks (about 35 s).
CLASSIFIER = {"epochs": 8, "batch": 256, "l2": 1e-6, "rate": 0.1, "top_k": 24}


def default_data_dir() -> Path:
    """``$CHUHAI_SHARED_DATA`` if set, else ``../shared/data`` relative to the repository."""
    configured = os.environ.get("CHUHAI_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


def bucket(text: str) -> int:
    """A stable bucket 0-9 from the normalised text, so duplicates land on the same side."""
    return int(hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:8], 16) % 10


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


class Builder:
    """Collects corpus rows and counts what it kept and skipped."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.hs6: set[str] = set()
        self.codes: set[str] = set()
        self.rows: list[CorpusRow] = []
        self.dev: list[tuple[str, str]] = []
        self.dev_vague: list[str] = []
        self.calibration: list[tuple[str, str]] = []
        self.counts: Counter[str] = Counter()
        self.upstream: list[dict[str, object]] = []

    def record(self, relative: str, path: Path, rows: int) -> None:
        self.upstream.append(
            {
                "path": relative,
                "sha256": sha256(path),
                "size_bytes": path.stat().st_size,
                "rows": rows,
            }
        )

    def nomenclature(self) -> None:
        path = self.data_dir / NOMENCLATURE
        rows = read_rows(path)
        self.record(NOMENCLATURE, path, len(rows))
        for row in rows:
            code, text = row["hscode"], " ".join(row["description"].split())
            # Chapter 99 is a UN Comtrade reporting code, not HS.
            if not code.isdigit() or len(code) not in (2, 4, 6) or code.startswith("99"):
                continue
            self.codes.add(code)
            if len(code) == 6:
                self.hs6.add(code)
            if len(code) in (4, 6):
                self.add(text, code, "hs2022_en")

    def chinese(self) -> None:
        path = HS_DIR / "descriptions_zh.csv"
        rows = read_rows(path)
        self.record("chuhai:src/chuhai/data/hs/descriptions_zh.csv", path, len(rows))
        for row in rows:
            if len(row["code"]) in (4, 6) and row["code"] in self.codes:
                self.add(row["description_zh"], row["code"], "hs2022_zh")

    def glossary(self, glossary: Glossary) -> None:
        for term in glossary.terms:
            if term.hs and term.hs not in self.codes:
                raise SystemExit(f"glossary.csv: {term.term_zh}: {term.hs} is not an HS 2022 code")
            if term.hs and len(term.hs) >= 4:
                self.add(f"{term.term_zh} {term.terms_en}", term.hs, "glossary")
        self.counts["glossary terms"] = len(glossary.terms)

    def labelled(self, name: str, text_field: str, code_field: str, *, split: bool) -> None:
        path = self.data_dir / FPO / name
        rows = read_rows(path)
        self.record(f"{FPO}/{name}", path, len(rows))
        for row in rows:
            text, code = row[text_field].strip(), row[code_field].strip()
            if not text or not code.isdigit() or len(code) < 6:
                self.counts[f"{name}: skipped, code not 6-10 digits"] += 1
                continue
            if code[:6] not in self.hs6:
                self.counts[f"{name}: dropped, HS6 not in HS 2022"] += 1
                continue
            place = bucket(text) if split else 9
            if place in DEV_BUCKETS:
                self.dev.append((text, code))
                continue
            if place in CALIBRATION_BUCKETS:
                self.calibration.append((text, code[:6]))
            self.add(text, code[:6], f"fpo_{name.removesuffix('.csv')}")

    def vague(self) -> None:
        name = "vague_terms.csv"
        path = self.data_dir / FPO / name
        with path.open(encoding="utf-8-sig", newline="") as handle:
            texts = [row[0].strip() for row in csv.reader(handle) if row and row[0].strip()]
        self.record(f"{FPO}/{name}", path, len(texts))
        for text in texts:
            place = bucket(text)
            if place in DEV_BUCKETS:
                self.dev_vague.append(text)
            else:
                self.add(text, "", "fpo_vague")

    def add(self, text: str, code: str, source: str) -> None:
        self.rows.append(CorpusRow(text=text, code=code, source=source))
        self.counts[f"corpus rows from {source}"] += 1


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def unique(rows: Iterable[CorpusRow]) -> list[CorpusRow]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for row in rows:
        key = (normalise(row.text), row.code)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def generated(name: str, data: bytes) -> dict[str, object]:
    return {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size_bytes": len(data)}


def build(data_dir: Path) -> dict[Path, str | bytes]:
    """Every output file (absolute path -> text)."""
    glossary = read_glossary((PACK_DIR / "glossary.csv").read_text(encoding="utf-8"))
    builder = Builder(data_dir)
    builder.nomenclature()
    builder.chinese()
    builder.glossary(glossary)
    builder.labelled("extra_references.csv", "Goods Description", "Commodity Code", split=True)
    builder.labelled("search_references.csv", "description", "commodity_code", split=False)
    builder.labelled("brands.csv", "GDSDESC", "CMDTYCODE", split=False)
    builder.vague()
    corpus = unique(builder.rows)
    calibration_texts = {normalise(text) for text, _ in builder.calibration}
    fit_rows = [
        r
        for r in corpus
        if r.source != "fpo_extra_references" or normalise(r.text) not in calibration_texts
    ]
    vague_calibration = [
        r.text for r in corpus if r.source == "fpo_vague" and bucket(r.text) in CALIBRATION_BUCKETS
    ]
    fit_rows = [
        r
        for r in fit_rows
        if not (r.source == "fpo_vague" and bucket(r.text) in CALIBRATION_BUCKETS)
    ]
    settings = calibrate(fit_rows, glossary, builder.calibration, vague_calibration)
    corpus_csv = csv_text(CORPUS_COLUMNS, ((r.text, r.code, r.source) for r in corpus))
    tfidf = fit_tfidf([r.text for r in corpus])
    index = dump_tfidf(tfidf)
    # The heading classifier learns from every labelled text (HS6, heading or glossary hint).
    headings = [r.code[:4] if len(r.code) >= 4 else "" for r in corpus]
    classifier = dump_classifier(fit_softmax(tfidf, headings, **CLASSIFIER))
    manifest = {
        "pack": "hs_suggest",
        "builder": BUILDER,
        "edition": "2022",
        "upstream": builder.upstream,
        "generated": [
            generated("corpus.csv", corpus_csv.encode("utf-8")),
            generated("index.npz", index),
            generated("classifier.npz", classifier),
        ],
        "counts": dict(sorted(builder.counts.items())),
        "corpus_rows": len(corpus),
        "dev_rows": len(builder.dev),
        "dev_vague_rows": len(builder.dev_vague),
        "calibration_rows": len(builder.calibration),
        "notes": [
            "extra_references.csv and vague_terms.csv: hash buckets 0-1 of 10 are held out "
            "(tests/fixtures/hs_dev.csv, hs_dev_vague.csv) and never trained on",
            "UK codes are cut to their HS6; rows whose HS6 is not in HS 2022 are dropped",
        ],
    }
    return {
        PACK_DIR / "corpus.csv": corpus_csv,
        PACK_DIR / "index.npz": index,
        PACK_DIR / "classifier.npz": classifier,
        PACK_DIR / "settings.json": json.dumps(settings, indent=2, sort_keys=True) + "\n",
        PACK_DIR / "manifest.json": json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
        FIXTURES / "hs_dev.csv": csv_text(("title", "code"), sorted(set(builder.dev))),
        FIXTURES / "hs_dev_vague.csv": csv_text(
            ("title",), ((t,) for t in sorted(set(builder.dev_vague)))
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, default=None, help="shared data directory")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or default_data_dir()
    if not (data_dir / FPO).is_dir():
        print(f"no HMRC FPO data under {data_dir}", file=sys.stderr)
        return 2
    outputs = build(data_dir)
    for path, content in outputs.items():
        if isinstance(content, bytes):
            path.write_bytes(content)
            print(f"wrote {path.relative_to(REPO_ROOT)} ({len(content)} bytes)")
        else:
            path.write_text(content, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO_ROOT)} ({content.count(chr(10)) - 1} rows)")
    shutil.copyfile(data_dir / FPO / "LICENSE.txt", PACK_DIR / "LICENSE-HMRC-FPO.txt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
