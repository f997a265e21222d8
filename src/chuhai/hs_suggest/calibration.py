"""Calibrate the abstention thresholds on texts the model was not fitted on.

The pack builder fits an index without the calibration split and ranks its labelled texts
and HMRC's vague descriptions. Among the thresholds that abstain on at least
``VAGUE_ABSTENTION`` of the vague texts, it keeps those that get the most labelled texts
right among the first three candidates at six digits (an abstention counts as a miss), then
the most right at the first candidate's heading, then the stricter pair.

The objective: a labelled, classifiable description is worth answering when the right
subheading is among the three shown (the questions then choose), and HMRC's descriptions it
found too vague must mostly be refused; half of them at least, the rest costing nothing more
than a shortlist the user must check anyway.
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
VAGUE_ABSTENTION = 0.5


def _scores(
    labelled: Sequence[tuple[Ranking, str]],
    vague: Sequence[Ranking],
    settings: dict[str, Any],
) -> tuple[float, float, float]:
    """Shares of labelled texts right (top-3 at 6 digits, top-1 at 4) and of vague abstained."""
    answered = [(r, code) for r, code in labelled if not r.abstains(settings)]
    top3 = sum(any(c[:6] == code[:6] for c, _ in r.candidates[:3]) for r, code in answered)
    top1 = sum(bool(r.candidates) and r.candidates[0][0][:4] == code[:4] for r, code in answered)
    abstained = sum(r.abstains(settings) for r in vague)
    total = max(len(labelled), 1)
    return top3 / total, top1 / total, abstained / max(len(vague), 1)


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
        top3, top1, vague_abstained = _scores(ranked, ranked_vague, trial)
        if vague_abstained >= VAGUE_ABSTENTION:
            scored.append((top3, top1, pair, vague_abstained))
    top3, top1, best, vague_abstained = max(scored, key=lambda s: (s[0], s[1], s[2]))
    settings["min_confidence"], settings["min_similarity"] = best
    settings["calibration"] = {
        "labelled": len(labelled),
        "vague": len(vague),
        "top1_hs4": round(top1, 4),
        "top3_hs6": round(top3, 4),
        "vague_abstained": round(vague_abstained, 4),
    }
    return settings
