"""From neighbours to ranked HS candidates: heading votes, subheadings within a heading.

Each of the ``k`` nearest training texts votes for its chapter, heading and subheading with
weight ``similarity ** power`` times its source's weight; a glossary term found in the
title votes for its HS hint. A heading's confidence is its share of all votes, including
the votes of texts HMRC found too vague to classify (weighted by the share of the title's
words they contain); so is a chapter's. Within a heading, the subheadings
share that confidence by their own votes plus how close the title is to each
subheading's description. Too little confidence or similarity means abstaining.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chuhai.hs_suggest.attribute_scores import heading_penalty, sibling_scores
from chuhai.hs_suggest.attributes import Described, describe, group, title_attributes
from chuhai.hs_suggest.classifier import LinearClassifier
from chuhai.hs_suggest.features import Expanded, words
from chuhai.hs_suggest.model import Neighbour, SuggestIndex, Vector
from chuhai.hs_suggest.pack import load_lexicon
from chuhai.rules.hs_nomenclature import children, get_hs_entry

DEFAULT_SETTINGS: dict[str, Any] = {
    "k": 30,
    "power": 4.0,
    "glossary_weight": 0.5,
    "subheading_weight": 1.0,
    "source_weights": {"hs2022_en": 0.7, "hs2022_zh": 0.7, "glossary": 1.0, "fpo_vague": 0.6},
    "min_confidence": 0.2,
    "min_similarity": 0.2,
    "headings": 3,
    "attribute_weight": 3.0,
    "heading_attribute_weight": 1.0,
    "attribute_prior": 0.03,
    "classifier_weight": 0.5,
    "classifier_temperature": 1.0,
    "classifier_top": 10,
}


@dataclass
class Votes:
    chapters: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    headings: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    subheadings: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    vague: float = 0.0

    def add(self, code: str, weight: float) -> None:
        if not code:
            self.vague += weight
            return
        self.chapters[code[:2]] += weight
        if len(code) >= 4:
            self.headings[code[:4]] += weight
        if len(code) == 6:
            self.subheadings[code] += weight


@dataclass(frozen=True)
class Ranking:
    """Candidates (HS6, confidence), headings (HS4, confidence) and why it may abstain."""

    candidates: tuple[tuple[str, float], ...]
    headings: tuple[tuple[str, float], ...]
    chapter_confidence: float
    vague_share: float
    top_similarity: float
    neighbours: tuple[Neighbour, ...]

    def abstains(self, settings: Mapping[str, Any]) -> bool:
        """Too vague: no chapter stands out, nothing is close, or vague texts outvote it.

        A title split between headings of one chapter is not vague: the questions split it.
        """
        return (
            self.chapter_confidence < settings["min_confidence"]
            or self.top_similarity < settings["min_similarity"]
            or self.vague_share >= self.chapter_confidence
        )


def collect_votes(
    neighbours: Sequence[Neighbour], expanded: Expanded, settings: Mapping[str, Any]
) -> Votes:
    votes = Votes()
    weights = settings["source_weights"]
    title_words = set(words(expanded.text))
    for n in neighbours:
        weight = max(n.similarity, 0.0) ** settings["power"] * weights.get(n.source, 1.0)
        if not n.code and title_words:
            # A vague text speaks for the title only as far as it covers the title's words:
            # "100% polyester" does not make "polyester sports jacket men" vague.
            weight *= len(title_words & set(words(n.text))) / len(title_words)
        votes.add(n.code, weight)
    for term in expanded.terms:
        if term.hs:
            votes.add(term.hs, settings["glossary_weight"])
    return votes


@functools.cache
def described(code: str) -> Described:
    """The attributes the HS 2022 description of ``code`` names and excludes."""
    return describe(get_hs_entry(code).description_en, load_lexicon())


def attributes_in(heading: str, attributes: frozenset[str]) -> frozenset[str]:
    """The title's attributes less the groups that decide nothing in ``heading``'s chapter."""
    silent = load_lexicon().silent_in
    return frozenset(a for a in attributes if heading[:2] not in silent.get(group(a), ()))


def _shares(scores: dict[str, float]) -> dict[str, float]:
    total = sum(scores.values())
    if total <= 0:
        return {code: 1 / len(scores) for code in scores} if scores else {}
    return {code: score / total for code, score in scores.items()}


def _within(
    heading: str,
    votes: Votes,
    index: SuggestIndex,
    sims: Vector,
    settings: Mapping[str, Any],
    attributes: frozenset[str] = frozenset(),
) -> dict[str, float]:
    scores = {}
    for entry in children(heading):
        row = index.subheading_rows.get(entry.code)
        closeness = max(float(sims[row]), 0.0) ** settings["power"] if row is not None else 0.0
        scores[entry.code] = votes.subheadings.get(entry.code, 0.0) + (
            settings["subheading_weight"] * closeness
        )
    shares = _shares(scores)
    attributes = attributes_in(heading, attributes)
    weight = settings.get("attribute_weight", 0.0)
    if not attributes or not weight or len(shares) < 2:
        return shares
    fit = sibling_scores(attributes, {code: described(code) for code in shares})
    # Mixing in a uniform prior lets an attribute lift a subheading the neighbours missed.
    prior = settings.get("attribute_prior", 0.0) / len(shares)
    return _shares(
        {
            code: (share * (1 - prior * len(shares)) + prior) * math.exp(weight * fit[code])
            for code, share in shares.items()
        }
    )


def _heading_fit(heading: str, attributes: frozenset[str], settings: Mapping[str, Any]) -> float:
    """1, or less where the heading's description contradicts the title's attributes."""
    weight = settings.get("heading_attribute_weight", 0.0)
    attributes = attributes_in(heading, attributes)
    if not attributes or not weight:
        return 1.0
    return math.exp(weight * heading_penalty(attributes, described(heading)))


def fuse_headings(
    shares: Mapping[str, float],
    probabilities: Mapping[str, float],
    weight: float,
) -> dict[str, float]:
    """Mix the neighbours' heading shares with a classifier's heading probabilities.

    The classifier's distribution is scaled to the mass the neighbours gave headings (the
    rest went to vague texts), so the mix keeps the neighbours' confidence scale.

    >>> fuse_headings({"6601": 0.6, "6602": 0.2}, {"6601": 0.5, "4202": 0.5}, 0.5)
    {'6601': 0.5, '6602': 0.1, '4202': 0.2}
    """
    mass = sum(shares.values())
    fused = {h: (1 - weight) * s for h, s in shares.items()}
    for heading, p in probabilities.items():
        fused[heading] = fused.get(heading, 0.0) + weight * mass * p
    return fused


def classifier_headings(
    classifier: LinearClassifier | None,
    index: SuggestIndex,
    text: str,
    settings: Mapping[str, Any],
) -> dict[str, float]:
    """The classifier's ``classifier_top`` most probable headings for ``text`` (or none)."""
    if classifier is None or not settings.get("classifier_weight", 0.0):
        return {}
    probabilities = classifier.probabilities(
        index.tfidf.vector(text), settings["classifier_temperature"]
    )
    top = np.argsort(-probabilities, kind="stable")[: settings.get("classifier_top", 10)]
    return {classifier.labels[i]: float(probabilities[i]) for i in top}


def rank(
    index: SuggestIndex,
    expanded: Expanded,
    settings: Mapping[str, Any],
    *,
    limit: int = 5,
    classifier: LinearClassifier | None = None,
) -> Ranking:
    """Rank headings and subheadings for an expanded title."""
    sims = index.similarities(expanded.text)
    neighbours = index.nearest(sims, settings["k"])
    votes = collect_votes(neighbours, expanded, settings)
    total = sum(votes.headings.values()) + votes.vague
    if total <= 0:
        return Ranking((), (), 0.0, 1.0, 0.0, tuple(neighbours))
    attributes = title_attributes(expanded.title, load_lexicon()) if expanded.title else frozenset()
    shares = fuse_headings(
        {h: v / total for h, v in votes.headings.items()},
        classifier_headings(classifier, index, expanded.text, settings),
        settings.get("classifier_weight", 0.0),
    )
    headings = sorted(
        ((h, s * _heading_fit(h, attributes, settings)) for h, s in shares.items()),
        key=lambda x: (-x[1], x[0]),
    )
    candidates: list[tuple[str, float]] = []
    for heading, confidence in headings[: settings["headings"]]:
        shares = _within(heading, votes, index, sims, settings, attributes)
        candidates.extend((code, confidence * share) for code, share in shares.items())
    candidates.sort(key=lambda x: (-x[1], x[0]))
    return Ranking(
        candidates=tuple(candidates[:limit]),
        headings=tuple(headings[:limit]),
        chapter_confidence=max(votes.chapters.values(), default=0.0)
        / (sum(votes.chapters.values()) + votes.vague),
        vague_share=votes.vague / total,
        top_similarity=neighbours[0].similarity if neighbours else 0.0,
        neighbours=tuple(neighbours),
    )
