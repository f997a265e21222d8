"""Attributes of a title and of HS 2022 descriptions, from the hand-written lexicon.

``attributes.yaml`` names, per group (fibre, material, gender...), the title words that state
an attribute (``纯棉`` -> ``fibre:cotton``) and the description phrases that name it
(``of cotton``). A description's phrases after "other than", "not", "excluding" or "except"
name what the subheading excludes.

>>> lexicon = read_lexicon('''
... groups:
...   fibre:
...     cotton: {title: [cotton, 纯棉], description: [cotton]}
...     synthetic: {title: [polyester], description: [synthetic fibres]}
...   construction:
...     knitted: {title: [knitted], typical: [t-shirt], description: [knitted or crocheted]}
...     woven: {title: [woven]}
... ''')
>>> sorted(title_attributes("纯棉 T-shirt", lexicon))
['construction:knitted', 'fibre:cotton']
>>> d = describe("Vests; of textile materials (other than cotton), knitted or crocheted", lexicon)
>>> sorted(d.named), sorted(d.excluded)
(['construction:knitted'], ['fibre:cotton'])
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import yaml

from chuhai.errors import PackError
from chuhai.hs_suggest.features import normalise

_TITLE_WEIGHT = re.compile(r"(\d+(?:\.\d+)?)\s*(kg|g|千克|公斤|克)(?![a-z])")
_KG_PER_UNIT = {"kg": 1.0, "千克": 1.0, "公斤": 1.0, "g": 0.001, "克": 0.001}
_WEIGHT_LE = re.compile(
    r"(?:not exceeding|not more than) (\d+(?:\.\d+)?) ?kg|(\d+(?:\.\d+)?) ?kg or less"
)
_WEIGHT_GT = re.compile(r"(?:exceeding|more than|over) (\d+(?:\.\d+)?) ?kg")
THRESHOLDS_KG = (0.25, 1.0, 2.0, 2.5, 3.0, 5.0, 10.0, 20.0, 25.0, 50.0)
_NEGATION = re.compile(r"\b(other than|not|excluding|except|including)\b")


@dataclass(frozen=True)
class Lexicon:
    """Title terms (term -> attributes), typical terms, description phrases and rewrites."""

    terms: dict[str, frozenset[str]]
    typical: dict[str, frozenset[str]]
    phrases: tuple[tuple[str, frozenset[str]], ...]  # (phrase, attributes), longest first
    rewrites: tuple[tuple[str, str], ...]
    silent_in: dict[str, frozenset[str]]  # group -> chapters where it decides nothing

    @functools.cached_property
    def longest(self) -> int:
        return max(map(len, [*self.terms, *self.typical]), default=0)


def group(attribute: str) -> str:
    """``fibre:cotton`` -> ``fibre``."""
    return attribute.partition(":")[0]


def _add(table: dict[str, set[str]], term: object, attributes: set[str]) -> None:
    table.setdefault(normalise(str(term)), set()).update(attributes)


def read_lexicon(text: str) -> Lexicon:
    """Parse ``attributes.yaml`` (see its header)."""
    data = yaml.safe_load(text) or {}
    terms: dict[str, set[str]] = {normalise(str(t)): set() for t in data.get("blocked", ())}
    typical: dict[str, set[str]] = {}
    phrases: dict[str, set[str]] = {}
    for group_name, attributes in (data.get("groups") or {}).items():
        for name, spec in attributes.items():
            attribute = f"{group_name}:{name}"
            implied = {attribute, *(str(a) for a in spec.get("implies", ()))}
            for term in spec.get("title", ()):
                _add(terms, term, implied)
            for term in spec.get("typical", ()):
                _add(typical, term, implied)
            for phrase in spec.get("description", ()):
                phrases.setdefault(str(phrase).casefold(), set()).add(attribute)
    rewrites = tuple(
        (str(r["phrase"]).casefold(), str(r["attribute"])) for r in data.get("rewrites", ())
    )
    known = {a for v in phrases.values() for a in v} | {a for v in terms.values() for a in v}
    for _, attribute in rewrites:
        if attribute not in known:
            raise PackError(f"unknown attribute {attribute!r}", file="attributes.yaml")
    return Lexicon(
        {t: frozenset(a) for t, a in terms.items()},
        {t: frozenset(a) for t, a in typical.items()},
        tuple((p, frozenset(phrases[p])) for p in sorted(phrases, key=lambda p: (-len(p), p))),
        rewrites,
        {g: frozenset(str(c) for c in cs) for g, cs in (data.get("silent_in") or {}).items()},
    )


def _is_whole(text: str, start: int, size: int) -> bool:
    """A Latin term must not be part of a longer Latin word (``pu`` in ``pump``)."""
    if not text[start : start + size].isascii():
        return True
    before = text[start - 1] if start else " "
    after = text[start + size] if start + size < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _scan(text: str, lexicon: Lexicon) -> tuple[set[str], set[str]]:
    """(stated, typical) attributes of ``text``: longest term first, left to right."""
    stated: set[str] = set()
    typical: set[str] = set()
    i = 0
    while i < len(text):
        for size in range(min(lexicon.longest, len(text) - i), 0, -1):
            piece = text[i : i + size]
            known = piece in lexicon.terms or piece in lexicon.typical
            if known and _is_whole(text, i, size):
                stated |= lexicon.terms.get(piece, frozenset())
                typical |= lexicon.typical.get(piece, frozenset())
                i += size
                break
        else:
            i += 1
    return stated, typical


def _threshold(kg: float) -> str:
    return f"kg{kg:g}"


def weight_attributes(text: str) -> set[str]:
    """``100g`` -> ``kg2:le``, ``kg0.25:le``... (one group per threshold), from the first weight.

    >>> sorted(weight_attributes("milk chocolate 6 x 100g"))[:3]
    ['kg0.25:le', 'kg10:le', 'kg1:le']
    """
    found = _TITLE_WEIGHT.search(text)
    if not found:
        return set()
    kg = float(found.group(1)) * _KG_PER_UNIT[found.group(2)]
    return {f"{_threshold(t)}:{'le' if kg <= t else 'gt'}" for t in THRESHOLDS_KG}


def stated_attributes(title: str, lexicon: Lexicon) -> frozenset[str]:
    """The attributes a title states in so many words (not the typical ones)."""
    return frozenset(_scan(normalise(title), lexicon)[0])


def title_attributes(title: str, lexicon: Lexicon) -> frozenset[str]:
    """The attributes a title states, plus the typical ones of groups it leaves open."""
    text = normalise(title)
    stated, typical = _scan(text, lexicon)
    open_typical = {a for a in typical if group(a) not in {group(s) for s in stated}}
    return frozenset(stated | open_typical | weight_attributes(text))


def _weights(text: str) -> tuple[str, set[str]]:
    """Blank the weight limits of a description out and name them (``kg2:le``, ``kg3:gt``)."""
    named = set()
    for pattern, side in ((_WEIGHT_LE, "le"), (_WEIGHT_GT, "gt")):
        for match in pattern.finditer(text):
            kg = float(next(g for g in match.groups() if g))
            named.add(f"{_threshold(kg)}:{side}")
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text, named


@dataclass(frozen=True)
class Described:
    """The attributes a description names (``named``) and excludes (``excluded``)."""

    named: frozenset[str]
    excluded: frozenset[str]

    @classmethod
    def none(cls) -> Described:
        return cls(frozenset(), frozenset())


def _negated_spans(text: str) -> list[tuple[int, int, bool]]:
    """From each negation (or "including") to its closing bracket if inside one, else to the
    next ``;``; the flag is False for "including" (the words there restrict nothing)."""
    spans = []
    for match in _NEGATION.finditer(text):
        start = match.start()
        depth = text.count("(", 0, start) - text.count(")", 0, start)
        end = text.find(")" if depth > 0 else ";", start)
        spans.append((start, len(text) if end < 0 else end, match.group(1) != "including"))
    return spans


def _phrase_at(text: str, phrase: str) -> list[int]:
    pattern = r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])"
    return [m.start() for m in re.finditer(pattern, text)]


def describe(description: str, lexicon: Lexicon) -> Described:
    """The attributes an HS description names and excludes."""
    text, named = _weights(description.casefold())
    for phrase, attribute in lexicon.rewrites:
        if phrase in text:
            named.add(attribute)
            text = text.replace(phrase, " " * len(phrase))
    spans = _negated_spans(text)
    excluded: set[str] = set()
    taken = [False] * len(text)
    for phrase, attributes in lexicon.phrases:
        for start in _phrase_at(text, phrase):
            if any(taken[start : start + len(phrase)]):
                continue
            taken[start : start + len(phrase)] = [True] * len(phrase)
            scope = [negates for a, b, negates in spans if a <= start < b]
            if not scope:
                named.update(attributes)
            elif scope[-1]:
                excluded.update(attributes)
    return Described(frozenset(named), frozenset(excluded - named))
