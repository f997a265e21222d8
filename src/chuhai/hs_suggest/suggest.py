"""Suggest HS 2022 subheadings for a product title, in Chinese or English, or abstain.

>>> s = suggest_hs_codes("折叠晴雨伞 自动开收 10骨")
>>> s.abstained, s.candidates[0].code[:4]
(False, '6601')
>>> suggest_hs_codes("stuff").abstained
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chuhai.domain.hs_questions import AskedQuestion, Candidate, select_questions
from chuhai.errors import InputError
from chuhai.hs_suggest.attributes import stated_attributes
from chuhai.hs_suggest.features import expand
from chuhai.hs_suggest.model import get_classifier, get_index
from chuhai.hs_suggest.pack import load_glossary, load_lexicon, load_questions, load_settings
from chuhai.hs_suggest.ranking import rank
from chuhai.rules.hs_nomenclature import get_hs_entry

MAX_TITLE = 500
TOO_VAGUE_EN = "Too vague to classify: say what the product is and what it is made of."
TOO_VAGUE_ZH = "描述太笼统，无法归类：请说明是什么产品、用什么材料制成。"


@dataclass(frozen=True)
class PathStep:
    """A chapter, heading or subheading on the way to a candidate."""

    code: str
    level: int
    description_en: str
    description_zh: str | None


@dataclass(frozen=True)
class SuggestedCode:
    code: str  # six digits
    confidence: float
    path: tuple[PathStep, ...]

    @property
    def dotted(self) -> str:
        """``660191`` -> ``6601.91``."""
        return f"{self.code[:4]}.{self.code[4:]}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "dotted": self.dotted,
            "confidence": round(self.confidence, 3),
            "path": [vars(step) for step in self.path],
        }


@dataclass(frozen=True)
class Suggestion:
    """Candidates with confidence and the questions that would decide between them."""

    title: str
    abstained: bool
    candidates: tuple[SuggestedCode, ...]
    questions: tuple[AskedQuestion, ...]
    matched_terms: tuple[str, ...]
    edition: str = "2022"

    @property
    def message_en(self) -> str | None:
        return TOO_VAGUE_EN if self.abstained else None

    @property
    def message_zh(self) -> str | None:
        return TOO_VAGUE_ZH if self.abstained else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "edition": self.edition,
            "abstained": self.abstained,
            "message_en": self.message_en,
            "message_zh": self.message_zh,
            "candidates": [c.to_dict() for c in self.candidates],
            "questions": [q.to_dict() for q in self.questions],
            "glossary_terms": list(self.matched_terms),
        }


def _step(code: str) -> PathStep:
    entry = get_hs_entry(code)
    return PathStep(entry.code, entry.level, entry.description_en, entry.description_zh)


def _suggested(code: str, confidence: float) -> SuggestedCode:
    return SuggestedCode(code, confidence, tuple(_step(c) for c in (code[:2], code[:4], code)))


def check_title(title: str) -> str:
    """The title with spaces collapsed; empty or overlong titles are an :class:`InputError`."""
    text = " ".join(title.split())
    if not text:
        raise InputError("give a product title (Chinese or English)", field="title")
    if len(text) > MAX_TITLE:
        raise InputError(f"a title of at most {MAX_TITLE} characters", field="title")
    return text


def suggest_hs_codes(
    title: str, *, limit: int = 5, settings: Mapping[str, Any] | None = None
) -> Suggestion:
    """The top HS 2022 subheadings for ``title``, or an abstention if it is too vague."""
    text = check_title(title)
    settings = settings or load_settings()
    expanded = expand(text, load_glossary())
    ranking = rank(get_index(), expanded, settings, limit=limit, classifier=get_classifier())
    terms = tuple(term.term_zh for term in expanded.terms)
    if ranking.abstains(settings):
        return Suggestion(text, True, (), (), terms)
    candidates = tuple(_suggested(code, confidence) for code, confidence in ranking.candidates)
    asked = select_questions(
        [Candidate(c.code, c.path[-1].description_en, c.confidence) for c in candidates],
        load_questions(),
        answered=stated_attributes(text, load_lexicon()),
    )
    return Suggestion(text, False, candidates, tuple(asked), terms)
