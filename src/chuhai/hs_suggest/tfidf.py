"""TF-IDF vectors without scikit-learn: fitted by the pack builder, loaded with numpy alone.

Three blocks (Latin words, character 3-5-grams of words, Chinese character 1-3-grams) are
weighted as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` weights them (``1 + ln tf``
times ``idf = ln((1 + n) / (1 + df)) + 1``, each block L2-normalised), stacked and
normalised again. The training texts are kept column by column (an inverted index of term
counts), so the similarity of a title to every text touches only the title's own terms and
loading is a few array operations; ``index.npz`` is a plain zip of ``.npy`` arrays (no pickle)
written byte for byte the same on every build.

>>> model = fit_tfidf(["red umbrella", "blue umbrella", "雨伞"])
>>> [round(float(s), 2) for s in model.similarities("umbrella")]
[0.71, 0.68, 0.0]
>>> load_tfidf(dump_tfidf(model)).similarities("雨伞").tolist() == [0.0, 0.0, 1.0]
True
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chuhai.errors import PackError
from chuhai.hs_suggest.features import char_features, cjk_grams, word_features

Vector = npt.NDArray[np.float32]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
ANALYZERS: dict[str, Callable[[str], list[str]]] = {
    "word": word_features,
    "char": char_features,
    "cjk": cjk_grams,
}
BLOCK_WEIGHTS = {"word": 1.0, "char": 1.0, "cjk": 1.0}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Block:
    """One analyzer's vocabulary, idf and the training texts' weights, column by column."""

    columns: dict[str, int]
    idf: Vector
    indptr: Ints  # column j holds entries indptr[j]:indptr[j + 1]
    rows: Ints
    counts: npt.NDArray[np.uint8]

    def query(self, terms: Sequence[str]) -> tuple[Ints, Vector]:
        """The title's columns in this block and their L2-normalised weights."""
        counts = Counter(self.columns[t] for t in terms if t in self.columns)
        cols = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        values = (1 + np.log(tf)) * self.idf[cols] if len(cols) else tf
        norm = float(np.sqrt(np.dot(values, values)))
        return cols, (values / norm if norm else values).astype(np.float32)


class TfidfModel:
    """Stacked TF-IDF blocks over ``n_rows`` training texts."""

    def __init__(self, blocks: dict[str, Block], n_rows: int) -> None:
        self.blocks = blocks
        self.n_rows = n_rows
        self.weights = _weigh(blocks, n_rows)

    def vector(self, text: str) -> dict[str, tuple[Ints, Floats]]:
        """The L2-normalised TF-IDF vector of ``text``: per block, its columns and values."""
        queries = {name: self.blocks[name].query(ANALYZERS[name](text)) for name in self.blocks}
        total = sum(float(np.dot(v, v)) * BLOCK_WEIGHTS[n] ** 2 for n, (_, v) in queries.items())
        if total <= 0:
            return {}
        return {
            name: (cols, values * np.float64(BLOCK_WEIGHTS[name] / np.sqrt(total)))
            for name, (cols, values) in queries.items()
        }

    def similarities(self, text: str) -> Vector:
        """Cosine similarity of ``text`` to every training text, in training order."""
        sims = np.zeros(self.n_rows, dtype=np.float64)
        for name, (cols, values) in self.vector(text).items():
            block, weights = self.blocks[name], self.weights[name]
            for col, value in zip(cols.tolist(), values, strict=True):
                start, end = block.indptr[col], block.indptr[col + 1]
                sims[block.rows[start:end]] += weights[start:end] * value
        return sims.astype(np.float32)


def _weigh(blocks: dict[str, Block], n_rows: int) -> dict[str, Vector]:
    """Training weights: sublinear tf x idf, normalised per block, then over all blocks."""
    squared = np.zeros(n_rows, dtype=np.float64)
    weights = {}
    for name, block in blocks.items():
        cols = np.repeat(np.arange(len(block.idf)), np.diff(block.indptr))
        raw = (1 + np.log(block.counts.astype(np.float64))) * block.idf[cols]
        norms = np.sqrt(np.bincount(block.rows, weights=raw * raw, minlength=n_rows))
        weights[name] = raw / np.where(norms > 0, norms, 1)[block.rows] * BLOCK_WEIGHTS[name]
        squared += np.bincount(block.rows, weights=weights[name] ** 2, minlength=n_rows)
    total = np.where(squared > 0, np.sqrt(squared), 1)
    return {
        name: (weights[name] / total[block.rows]).astype(np.float32)
        for name, block in blocks.items()
    }


def _fit_block(analyzer: Callable[[str], list[str]], texts: Sequence[str]) -> Block:
    per_text = [Counter(analyzer(text)) for text in texts]
    terms = sorted({term for counts in per_text for term in counts})
    columns = {term: j for j, term in enumerate(terms)}
    entries = sorted(
        (columns[term], row, min(count, 255))
        for row, counts in enumerate(per_text)
        for term, count in counts.items()
    )
    cols = np.array([e[0] for e in entries], dtype=np.int64)
    df = np.bincount(cols, minlength=len(terms))
    idf = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
    indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
    return Block(
        columns,
        idf,
        indptr,
        np.array([e[1] for e in entries], dtype=np.int64),
        np.array([e[2] for e in entries], dtype=np.uint8),
    )


def fit_tfidf(texts: Sequence[str]) -> TfidfModel:
    """Fit the three blocks on ``texts`` (done by the pack builder, about a second)."""
    return TfidfModel({name: _fit_block(a, texts) for name, a in ANALYZERS.items()}, len(texts))


def _arrays(model: TfidfModel) -> dict[str, npt.NDArray[np.generic]]:
    arrays: dict[str, npt.NDArray[np.generic]] = {"n_rows": np.array([model.n_rows])}
    for name, block in model.blocks.items():
        terms = "\n".join(sorted(block.columns, key=block.columns.__getitem__))
        arrays[f"{name}_terms"] = np.frombuffer(terms.encode("utf-8"), dtype=np.uint8)
        arrays[f"{name}_idf"] = block.idf
        arrays[f"{name}_indptr"] = block.indptr.astype(np.int32)
        row_type = np.uint16 if model.n_rows <= 1 << 16 else np.int32
        arrays[f"{name}_rows"] = block.rows.astype(row_type)
        arrays[f"{name}_counts"] = block.counts
    return arrays


def dump_tfidf(model: TfidfModel) -> bytes:
    """``index.npz`` bytes: deflated ``.npy`` arrays with fixed timestamps (reproducible)."""
    return write_npz(_arrays(model))


def write_npz(arrays: dict[str, npt.NDArray[np.generic]]) -> bytes:
    """An ``.npz`` of ``arrays``, byte for byte the same for the same arrays (no pickle)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, array in arrays.items():
            info = zipfile.ZipInfo(f"{key}.npy", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            payload = io.BytesIO()
            np.lib.format.write_array(payload, np.ascontiguousarray(array), allow_pickle=False)
            archive.writestr(info, payload.getvalue(), compresslevel=9)
    return buffer.getvalue()


def load_tfidf(data: bytes) -> TfidfModel:
    """Read ``index.npz`` bytes written by :func:`dump_tfidf` (no pickle allowed)."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            blocks = {name: _read_block(arrays, name) for name in ANALYZERS}
            n_rows = int(arrays["n_rows"][0])
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        raise PackError(f"unreadable TF-IDF index: {error}", file="index.npz") from None
    return TfidfModel(blocks, n_rows)


def _read_block(arrays: np.lib.npyio.NpzFile, name: str) -> Block:
    terms = bytes(arrays[f"{name}_terms"]).decode("utf-8")
    return Block(
        {term: j for j, term in enumerate(terms.split("\n"))} if terms else {},
        arrays[f"{name}_idf"].astype(np.float32),
        arrays[f"{name}_indptr"].astype(np.int64),
        arrays[f"{name}_rows"].astype(np.int64),
        arrays[f"{name}_counts"].astype(np.uint8),
    )
