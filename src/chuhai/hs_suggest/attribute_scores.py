"""Score HS candidates by the title's attributes: subheadings within a heading, and headings.

Within a heading, each attribute group the title states (fibre, material, gender...) scores
every subheading in [-1, 1]: a subheading whose description names one of the title's values
gains, one that names only other values or excludes the title's value loses. A subheading
that names no value of the group is residual ("Other", "n.e.c."): by GIR 6 it takes what
the specific siblings leave, so it gains when no sibling names the title's value (and loses
what its description excludes). A weight limit only rules out. Headings are only penalised, where their description names other values of a
group the title states or excludes the title's value (a women's dress is not in 6203).

>>> knit = Described(frozenset({"fibre:cotton"}), frozenset())
>>> other = Described(frozenset(), frozenset({"fibre:cotton"}))
>>> sibling_scores(frozenset({"fibre:cotton"}), {"610910": knit, "610990": other})
{'610910': 1.0, '610990': -1.0}
>>> sibling_scores(frozenset({"fibre:silk"}), {"610910": knit, "610990": other})
{'610910': -1.0, '610990': 1.0}
>>> sibling_scores(frozenset({"fibre:cotton"}), {"610910": knit, "610999": Described.none()})
{'610910': 1.0, '610999': 0.0}
"""

from __future__ import annotations

from collections.abc import Mapping

from chuhai.hs_suggest.attributes import Described, group


def _in(attributes: frozenset[str], name: str) -> set[str]:
    return {a for a in attributes if group(a) == name}


def _score(stated: set[str], named: set[str], excluded: set[str], covered: set[str]) -> float:
    if named:
        if not stated & named:
            return -1.0
        return (len(stated & named) - len(stated & excluded)) / len(stated)
    # A residual sibling: it takes what no specific sibling names, and loses what it excludes.
    uncovered = stated - covered - excluded
    return (len(uncovered) - len(stated & excluded)) / len(stated)


def sibling_scores(
    attributes: frozenset[str], siblings: Mapping[str, Described]
) -> dict[str, float]:
    """Sum over the title's attribute groups of each sibling subheading's score."""
    scores = dict.fromkeys(siblings, 0.0)
    for name in sorted({group(a) for a in attributes}):
        stated = _in(attributes, name)
        named = {code: _in(d.named, name) for code, d in siblings.items()}
        excluded = {code: _in(d.excluded, name) for code, d in siblings.items()}
        covered = set().union(*named.values())
        if not covered and not stated & set().union(*excluded.values()):
            continue
        for code in scores:
            score = _score(stated, named[code], excluded[code], covered)
            # A weight limit ("weighing 2 kg or less") only rules out: most titles meet it.
            scores[code] += min(score, 0.0) if name.startswith("kg") else score
    return scores


def heading_penalty(attributes: frozenset[str], described: Described) -> float:
    """Minus the number of the title's groups that the heading's description contradicts."""
    penalty = 0.0
    for name in {group(a) for a in attributes}:
        stated = _in(attributes, name)
        named, excluded = _in(described.named, name), _in(described.excluded, name)
        if (named or stated & excluded) and not stated & named:
            penalty -= 1.0
    return penalty
