"""Text to features: normalisation, Chinese glossary expansion and the three analyzers.

Latin words give word features and character 3-5-grams inside word boundaries; runs of
Chinese characters give character 1-3-grams. A Chinese title is first expanded with the
English keywords of the glossary terms it contains (longest match first).

>>> normalise("  Men's  RUNNING shoes ")
"men's running shoes"
>>> words("Folding umbrellas, 10 ribs")
['folding', 'umbrella', 'rib']
>>> cjk_grams("雨伞")
['z:雨', 'z:伞', 'z:雨伞']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from chuhai.hs_suggest.pack import Glossary, GlossaryTerm

_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
_CJK = re.compile(r"[\u3400-\u9fff]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "the",
        "for",
        "with",
        "in",
        "on",
        "to",
        "by",
        "x",
        "pcs",
        "pc",
        "set",
        "new",
        "1",
        "2",
        "3",
        "size",
        "color",
        "colour",
    ]
)


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), case-folded, runs of spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _stem(word: str) -> str:
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Latin words, stemmed a little (plural ``s``), without stop words."""
    found = (_stem(w) for w in _WORD.findall(normalise(text)))
    return [w for w in found if w not in _STOP and len(w) > 1]


def word_features(text: str) -> list[str]:
    return [f"w:{w}" for w in words(text)]


def char_features(text: str) -> list[str]:
    """Character 3-5-grams of each padded word (like scikit-learn's ``char_wb``)."""
    grams: list[str] = []
    for word in words(text):
        padded = f" {word} "
        for size in (3, 4, 5):
            grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


def cjk_grams(text: str) -> list[str]:
    grams: list[str] = []
    for run in _CJK.findall(text):
        for size in (1, 2, 3):
            grams.extend(f"z:{run[i : i + size]}" for i in range(len(run) - size + 1))
    return grams


@dataclass(frozen=True)
class Expanded:
    """A title with the glossary terms found in it and their English keywords appended."""

    text: str
    terms: tuple[GlossaryTerm, ...]
    title: str = ""  # the normalised title alone, without the keywords


def expand(title: str, glossary: Glossary) -> Expanded:
    """Append the English keywords of glossary terms in the title (longest match first).

    Latin-script terms of the glossary (``PU``, ``T恤``) match as well, case-insensitively.
    """
    text = normalise(title)
    found: list[GlossaryTerm] = []
    i = 0
    while i < len(text):
        for size in range(min(glossary.longest, len(text) - i), 0, -1):
            term = glossary.by_term.get(text[i : i + size])
            if term is not None and _is_whole(text, i, size):
                found.append(term)
                i += size
                break
        else:
            i += 1
    extra = " ".join(term.terms_en for term in found)
    return Expanded(f"{text} {extra}".strip(), tuple(found), text)


def _is_whole(text: str, start: int, size: int) -> bool:
    """A Latin term must not be part of a longer Latin word (``PU`` in ``pump``)."""
    piece = text[start : start + size]
    if not piece.isascii():
        return True
    before = text[start - 1] if start else " "
    after = text[start + size] if start + size < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())
