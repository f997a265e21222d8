"""Which questions would decide between the top HS candidates.

A question (from the pack's hand-written bank) has options; an option points at codes (by
prefix) and, optionally, at words of a subheading's English description. A question is
worth asking when its options split the candidates: at least two options each cover one.
The questions that resolve the most confidence come first. A question the title already
answers (an option's attribute, such as ``construction:knitted``, is stated in it) is not asked.

>>> knit = Question(
...     id="knit_or_woven", text_en="Knitted or woven?", text_zh="针织还是梭织？",
...     options=(QuestionOption("knitted", "针织", codes=("61",)),
...              QuestionOption("woven", "梭织", codes=("62",))))
>>> asked = select_questions(
...     [Candidate("610910", "T-shirts; of cotton, knitted", 0.5),
...      Candidate("620520", "Shirts; men's, of cotton", 0.3)], [knit])
>>> [(a.question.id, [o.codes for o in a.options]) for a in asked]
[('knit_or_woven', [('610910',), ('620520',)])]
>>> knit = Question(
...     id="knit_or_woven", text_en="Knitted or woven?", text_zh="针织还是梭织？",
...     options=(QuestionOption("knitted", "针织", codes=("61",),
...                             attributes=("construction:knitted",)),
...              QuestionOption("woven", "梭织", codes=("62",))))
>>> select_questions([Candidate("610910", "T-shirts", 0.5), Candidate("620520", "Shirts", 0.3)],
...                  [knit], answered=frozenset({"construction:knitted"}))
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["AskedQuestion", "Candidate", "Question", "QuestionOption", "select_questions"]


@dataclass(frozen=True)
class QuestionOption:
    """One answer: the codes (prefixes) it leads to, narrowed by description words if given."""

    label_en: str
    label_zh: str
    codes: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()  # title attributes that choose this answer

    def covers(self, code: str, description_en: str) -> bool:
        """Whether a candidate subheading belongs to this answer."""
        if self.codes and not code.startswith(self.codes):
            return False
        text = description_en.casefold()
        return not self.words or any(word.casefold() in text for word in self.words)


@dataclass(frozen=True)
class Question:
    id: str
    text_en: str
    text_zh: str
    options: tuple[QuestionOption, ...]

    def answered_by(self, attributes: frozenset[str]) -> bool:
        """Whether a title stating ``attributes`` has already answered the question."""
        return any(not attributes.isdisjoint(o.attributes) for o in self.options)


@dataclass(frozen=True)
class Candidate:
    """A candidate subheading as the questions see it."""

    code: str
    description_en: str
    confidence: float


@dataclass(frozen=True)
class AnsweredOption:
    """An option of an asked question with the candidate codes it would keep."""

    label_en: str
    label_zh: str
    codes: tuple[str, ...]
    confidence: float


@dataclass(frozen=True)
class AskedQuestion:
    question: Question
    options: tuple[AnsweredOption, ...] = field(default=())
    at_stake: float = 0.0  # confidence the answer would move between candidates

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.question.id,
            "en": self.question.text_en,
            "zh": self.question.text_zh,
            "options": [
                {"en": o.label_en, "zh": o.label_zh, "codes": list(o.codes)} for o in self.options
            ],
        }


def _ask(question: Question, candidates: Sequence[Candidate]) -> AskedQuestion | None:
    options = []
    for option in question.options:
        kept = [c for c in candidates if option.covers(c.code, c.description_en)]
        if kept:
            confidence = sum(c.confidence for c in kept)
            options.append(
                AnsweredOption(
                    option.label_en, option.label_zh, tuple(c.code for c in kept), confidence
                )
            )
    if len(options) < 2:
        return None
    total = sum(o.confidence for o in options)
    return AskedQuestion(question, tuple(options), total - max(o.confidence for o in options))


def select_questions(
    candidates: Sequence[Candidate],
    bank: Sequence[Question],
    *,
    answered: frozenset[str] = frozenset(),
    limit: int = 3,
) -> list[AskedQuestion]:
    """The questions whose answers split ``candidates``, most confidence at stake first,
    leaving out those the title answers (``answered``: the attributes it states)."""
    open_questions = [q for q in bank if not q.answered_by(answered)]
    asked = [a for q in open_questions if (a := _ask(q, candidates)) is not None]
    asked.sort(key=lambda a: -a.at_stake)
    return asked[:limit]
