"""Calibrate the abstention thresholds on texts the model was not fitted on.

The pack builder fits an index without the calibration split and ranks its labelled texts
and HMRC's vague descriptions. Among the thresholds that abstain on at least
``VAGUE_ABSTENTION`` of the vague texts, it keeps those that get the most labelled texts
right (first candidate in the expected heading; an abstention counts as a miss), the
stricter pair on a tie.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from chuhai.hs_suggest.features import expand
from chuhai.hs_suggest.model import SuggestIndex
from chuhai.hs_suggest.pack import CorpusRow, Glossary
from chuhai.hs_suggest.ranking import DEFAULT_SETTINGS, Ranking, rank

CONFIDENCES = tuple(round(0.05 * i, 2) for i in range(1, 17))
SIMILARITIES = tuple(round(0.05 * i, 2) for i in range(11))
VAGUE_ABSTENTION = 0.55


def _scores(
    labelled: Sequence[tuple[Ranking, str]],
    vague: Sequence[Ranking],
    settings: dict[str, Any],
) -> tuple[float, float]:
    """(share of labelled texts right at 4 digits, share of vague texts abstained on)."""
    right = sum(
        not ranking.abstains(settings)
        and bool(ranking.candidates)
        and ranking.candidates[0][0][:4] == code[:4]
        for ranking, code in labelled
    )
    abstained = sum(r.abstains(settings) for r in vague)
    return right / max(len(labelled), 1), abstained / max(len(vague), 1)


def calibrate(
    fit_rows: Sequence[CorpusRow],
    glossary: Glossary,
    labelled: Sequence[tuple[str, str]],
    vague: Sequence[str],
) -> dict[str, Any]:
    """Settings with ``min_confidence`` and ``min_similarity`` chosen on held-out texts."""
    index = SuggestIndex.fit(fit_rows)
    settings = dict(DEFAULT_SETTINGS)
    ranked = [(rank(index, expand(text, glossary), settings), code) for text, code in labelled]
    ranked_vague = [rank(index, expand(text, glossary), settings) for text in vague]
    scored = []
    for pair in itertools.product(CONFIDENCES, SIMILARITIES):
        trial = {**settings, "min_confidence": pair[0], "min_similarity": pair[1]}
        right, vague_abstained = _scores(ranked, ranked_vague, trial)
        if vague_abstained >= VAGUE_ABSTENTION:
            scored.append((right, pair, vague_abstained))
    right, best, vague_abstained = max(scored, key=lambda s: (s[0], s[1]))
    settings["min_confidence"], settings["min_similarity"] = best
    settings["calibration"] = {
        "labelled": len(labelled),
        "vague": len(vague),
        "top1_hs4": round(right, 4),
        "vague_abstained": round(vague_abstained, 4),
    }
    return settings
