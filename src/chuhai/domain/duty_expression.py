"""Customs duty rates as official schedules write them: parse the text once, evaluate per line
(the terms it parses into are in :mod:`chuhai.domain.duty_terms`).

Notation followed (see :mod:`chuhai.domain.duty_units` for the units):

- US: Harmonized Tariff Schedule of the United States (USITC), column 1 "General":
  "Free", "6.5%", "$1.035/kg + 14.9%", "37.5¢/doz. pr.", "0.9¢ each",
  "25%, but not less than $1.15/kg".
- UK Global Tariff (Department for International Trade) and the EU Common External Tariff
  (Combined Nomenclature, Council Regulation (EEC) No 2658/87, Annex I):
  "35.10 GBP / 100 kg", "8.30% MIN 1.50 EUR / 100 kg", "9.10% + 45.10 EUR / 100 kg MAX
  18.90% + 16.50 EUR / 100 kg".
- Japan: 実行関税率表 (Japan Customs): "21.3%＋54円/kg", "(10.9%)" (the WTO bound rate),
  "(無税)", "20%又は48円/kgのうちいずれか高い税率" (the higher of), "15%又は125円/lのうち
  いずれか低い税率 ただしその税率が67円/lを下回る場合は67円/l" (the lower of, floored).
  Footnote marks ("*29.8%＋396円/kg") are dropped: the notes they point to are the caller's.
- Brazil: Remessa Conforme (Regime de Tributação Simplificada) "60% - 20 USD": 60% of the
  value less USD 20, never below zero.

Rates are fractions (6.5% is ``Decimal("0.065")``) and nothing rounds. A text that is not a
rate (EU agricultural components, seasonal rates, "See 9903...") raises
:class:`~chuhai.errors.DutyExpressionError` naming the text: it never evaluates to zero.

>>> duty = parse_duty_expression("$0.9/kg + 6%")
>>> duty.kind, duty.units
(<DutyKind.COMPOUND: 'compound'>, frozenset({'kg'}))
>>> duty.evaluate(value=Money("100.00", "USD"), quantities={"kg": Decimal("10")})
Money('15.0000', 'USD')
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from chuhai.domain.currency import normalise_currency
from chuhai.domain.duty_terms import (
    FIELD,
    AdValorem,
    Compound,
    Convert,
    Deduction,
    DutyLine,
    FixedAmount,
    Higher,
    Lower,
    Specific,
    Term,
    walk,
)
from chuhai.domain.duty_units import CURRENCY_SIGNS, get_unit
from chuhai.domain.money import Money
from chuhai.errors import DutyExpressionError

__all__ = ["DutyExpression", "DutyKind", "parse_duty_expression"]


class DutyKind(enum.StrEnum):
    """The shape of a duty, for reports: checked in this order, the first that fits wins."""

    FREE = "free"
    DEDUCTION = "deduction"
    MIN_MAX = "min_max"
    COMPOUND = "compound"
    SPECIFIC = "specific"
    AD_VALOREM = "ad_valorem"


@dataclass(frozen=True)
class DutyExpression:
    """A parsed duty rate; ``text`` keeps the schedule's own wording.

    >>> eu = parse_duty_expression("8.30% MIN 1.50 EUR / 100 kg")
    >>> eu.evaluate(value=Money("100", "EUR"), quantities={"kg": Decimal("1000")})
    Money('15.00', 'EUR')
    >>> parse_duty_expression("(10.9%)").ad_valorem_rate
    Decimal('0.109')
    """

    text: str
    term: Term

    def __str__(self) -> str:
        return self.text

    def evaluate(
        self,
        *,
        value: Money,
        quantities: Mapping[str, Decimal],
        convert: Convert | None = None,
    ) -> Money:
        """The duty on a line of customs value ``value``, in its currency, unrounded.

        ``convert(money, currency)`` turns amounts stated in another currency into the
        value's currency; without it such a duty raises DutyExpressionError.
        """
        if not isinstance(value, Money):
            raise TypeError(f"value must be Money, not {type(value).__name__}")
        if self.is_free:
            return Money.zero(value.currency)
        line = DutyLine(value=value, quantities=quantities, convert=convert, text=self.text)
        return Money(self.term.duty(line), value.currency)

    @property
    def is_free(self) -> bool:
        """True when the duty is zero whatever the line ("Free", "0%", "無税")."""
        return self.term.is_zero()

    @property
    def is_ad_valorem(self) -> bool:
        """True when the duty is value x rate alone (Free counts, at rate 0)."""
        return self.term.rate() is not None

    @property
    def ad_valorem_rate(self) -> Decimal | None:
        """That rate as a fraction, or None when quantities or fixed amounts matter."""
        return self.term.rate()

    @property
    def units(self) -> frozenset[str]:
        """The canonical units (:data:`~chuhai.domain.duty_units.CANONICAL_UNITS`) needed."""
        return frozenset(t.unit for t in walk(self.term) if isinstance(t, Specific))

    @property
    def kind(self) -> DutyKind:
        """Free, deduction, min/max, compound, specific or ad valorem: the first that fits."""
        shapes = {type(term) for term in walk(self.term)}
        if not shapes:
            return DutyKind.FREE
        if Deduction in shapes:
            return DutyKind.DEDUCTION
        if shapes & {Higher, Lower}:
            return DutyKind.MIN_MAX
        if {AdValorem, Specific} <= shapes:
            return DutyKind.COMPOUND
        return DutyKind.SPECIFIC if Specific in shapes else DutyKind.AD_VALOREM


def parse_duty_expression(text: str, *, default_currency: str | None = None) -> DutyExpression:
    """Parse a duty rate as a schedule writes it.

    ``default_currency`` prices bare amounts ("12/kg"); without it they are an error.

    >>> parse_duty_expression("21.3%＋54円/kg").term
    Compound(parts=(AdValorem(rate_fraction=Decimal('0.213')), Specific(amount=Decimal('54'), \
currency='JPY', unit='kg', per=Decimal('1'))))
    >>> parse_duty_expression("See 9903.88.15")
    Traceback (most recent call last):
    ...
    chuhai.errors.DutyExpressionError: field 'duty_expression': cannot parse duty expression \
'See 9903.88.15': not a rate: it refers to another provision
    """
    if not isinstance(text, str):
        raise TypeError(f"duty expression must be str, not {type(text).__name__}")
    currency = None
    if default_currency is not None:
        currency = normalise_currency(default_currency, field="default_currency")
    return DutyExpression(text=text, term=_Parser(text, currency).parse())


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PERCENT = re.compile(
    rf"^(?:(?P<whole>\d+) (?P<num>\d+)/(?P<den>\d+)|(?P<n>{_NUMBER})) ?%(?: on the entire set)?$"
)
_AMOUNT = re.compile(
    rf"^(?P<pre>[$€]|[A-Z]{{3}})? ?(?P<n>{_NUMBER}) ?(?P<sign>[¢円€]|[A-Z]{{3}})?"
    r"(?: ?/ ?(?P<unit>.+)| (?P<each>each))?$"
)
_JP_PER = re.compile(rf"^(?P<unit>.+?)につき[、,]? ?(?P<n>{_NUMBER}) ?円$")
# "Free, under bond, as prescribed in U.S. note 1": a condition may follow, but no other rate.
_FREE = re.compile(r"^(?:free|無税|免税)(?: ?[,(][^%$¢€円]*)?$", re.IGNORECASE)
_JP_FLOOR = re.compile(r"^(?P<base>.+?) ?ただしその税率が(?P<floor>.+?)を下回る場合は(?P<alt>.+)$")
_JP_CHOICE = re.compile(r"^(?P<a>.+?)又は(?P<b>.+)のうちいずれか(?P<which>高い|低い)税率$")
_US_BOUND = re.compile(
    r"^(?P<base>.+?),? but not (?P<op>less than|more than|over|exceeding) (?P<bound>.+)$",
    re.IGNORECASE,
)
_EU_BOUND = re.compile(r" (MIN|MAX) ")
_MINUS = re.compile(r" ?- ?(?=(?:[A-Z]{3} ?|[$€])?\d)")
_PLUS = re.compile(r" ?\+ ?")

_NOT_A_RATE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), reason)
    for pattern, reason in (
        (
            r"\b(?:EA|EAR|ADSZ|ADSZR|ADFM|ADFMR|AD S/Z|AD F/M)\b",
            "an EU agricultural component (EA, ADSZ, ADFM) set by the goods' milk fat, "
            "milk protein, starch and sugar content",
        ),
        (r"(?i)entry price", "the EU entry-price system sets the duty from the import price"),
        (r"\(\d{1,2} ?[A-Z]{3}", "a seasonal rate: it depends on the date of import"),
        (r"(?i)^(?:see\b|the |a duty|no change)", "not a rate: it refers to another provision"),
        (
            r"(?i)\bon (?:the )?(?:case|battery|movement|apparatus|value)",
            "levied on the value of a part of the goods, not on the customs value of the line",
        ),
        (r"(?i)percent of", "levied on a value other than the customs value"),
        (r"(?i)for each degree", "graded by sugar polarity"),
        (r"(?i)for each other piece|jewel over", "graded by the parts of a watch movement"),
        (r"[〜~]", "a range of rates: the rate differs between goods within the line"),
        (r"一部", "a rate for part of the line only (一部)"),
        (r"非譲許", "unbound (非譲許) for part of the line"),
        (r"●", "marked ●: the rate differs between goods within the line"),
        (r"もの", "several rates, one for each kind of goods in the line"),
        (r"^[\u3040-\u30ff\u4e00-\u9fff]+ ", "a rate for the goods it names within the line only"),
        (r"課税価格", "a gate-price rate computed from the customs value per kg"),
        (r"乳糖", "graded by lactose content"),
    )
)


class _Parser:
    """Recursive descent over the forms, loosest binding first."""

    def __init__(self, text: str, default_currency: str | None) -> None:
        self.text = text
        self.default_currency = default_currency

    def error(self, reason: str) -> DutyExpressionError:
        return DutyExpressionError(
            f"cannot parse duty expression {self.text!r}: {reason}", field=FIELD
        )

    def parse(self) -> Term:
        cleaned = _normalise(self.text)
        if not cleaned:
            raise self.error("it is empty")
        for pattern, reason in _NOT_A_RATE:
            if pattern.search(cleaned) and not _FREE.match(cleaned):
                raise self.error(reason)
        return self.expression(cleaned)

    def expression(self, text: str) -> Term:
        text = _unwrap(text.strip())
        if _FREE.match(text):
            return AdValorem(Decimal(0))
        for form in (self.jp_floor, self.jp_choice, self.us_bound, self.eu_bounds):
            term = form(text)
            if term is not None:
                return term
        return self.deduction(text)

    def jp_floor(self, text: str) -> Term | None:
        match = _JP_FLOOR.match(text)
        if match is None:
            return None
        if _normalise(match["floor"]) != _normalise(match["alt"]):
            raise self.error("the floor and the rate applied below it differ")
        return Higher((self.expression(match["base"]), self.expression(match["alt"])))

    def jp_choice(self, text: str) -> Term | None:
        match = _JP_CHOICE.match(text)
        if match is None:
            return None
        options = tuple(self.expression(o) for o in [*match["a"].split("、"), match["b"]])
        return Higher(options) if match["which"] == "高い" else Lower(options)

    def us_bound(self, text: str) -> Term | None:
        match = _US_BOUND.match(text)
        if match is None:
            return None
        pair = (self.expression(match["base"]), self.expression(match["bound"]))
        return Higher(pair) if match["op"].lower() == "less than" else Lower(pair)

    def eu_bounds(self, text: str) -> Term | None:
        pieces = _EU_BOUND.split(text)
        if len(pieces) == 1:
            return None
        term = self.deduction(pieces[0])
        for keyword, bound in zip(pieces[1::2], pieces[2::2], strict=True):
            pair = (term, self.deduction(bound))
            term = Higher(pair) if keyword == "MIN" else Lower(pair)
        return term

    def deduction(self, text: str) -> Term:
        pieces = _MINUS.split(text)
        if len(pieces) > 2:
            raise self.error("more than one deduction")
        if len(pieces) == 2:
            return Deduction(self.sum(pieces[0]), self.leaf(pieces[1], allow_fixed=True))
        return self.sum(text)

    def sum(self, text: str) -> Term:
        parts = tuple(self.leaf(part) for part in _PLUS.split(text))
        return parts[0] if len(parts) == 1 else Compound(parts)

    def leaf(self, text: str, *, allow_fixed: bool = False) -> Term:
        text = _unwrap(text.strip())
        if _FREE.match(text):
            return AdValorem(Decimal(0))
        percent = _PERCENT.match(text)
        if percent:
            return AdValorem(_percent(percent).scaleb(-2))
        per_unit = _JP_PER.match(text)
        if per_unit:  # "1kgにつき10円"
            return Specific(_number(per_unit["n"]), "JPY", *self.unit(per_unit["unit"]))
        match = _AMOUNT.match(text)
        if match is None:
            raise self.error(f"unrecognised part {text!r}")
        amount, currency = self.money(match)
        if match["each"] or match["unit"] is not None:
            unit, per = ("item", Decimal(1)) if match["each"] else self.unit(match["unit"])
            return Specific(amount, currency, unit, per)
        if allow_fixed:
            return FixedAmount(amount, currency)
        raise self.error(f"{text!r} has neither % nor a unit")

    def money(self, match: re.Match[str]) -> tuple[Decimal, str]:
        signs = [s for s in (match["pre"], match["sign"]) if s]
        number = _number(match["n"])
        if len(signs) > 1:
            raise self.error(f"two currencies in {match[0]!r}")
        if not signs:
            if self.default_currency is None:
                raise self.error(f"{match[0]!r} names no currency and there is no default")
            return number, self.default_currency
        if signs[0] in CURRENCY_SIGNS:
            code, worth = CURRENCY_SIGNS[signs[0]]
            return number * worth, code
        return number, normalise_currency(signs[0], field=FIELD)

    def unit(self, spelling: str) -> tuple[str, Decimal]:
        try:
            return get_unit(spelling)
        except KeyError:
            raise self.error(f"unknown unit {spelling.strip()!r}") from None


def _normalise(text: str) -> str:
    """NFKC (full-width ＋, （, ％ and ㎡ become +, (, % and m2), one space between words."""
    folded = unicodedata.normalize("NFKC", text).replace("−", "-")
    return re.sub(r"\s+", " ", folded).strip()


def _unwrap(text: str) -> str:
    """Drop footnote marks ("*", "**") and parentheses around the whole text (JP bound rates)."""
    while True:
        stripped = text.lstrip("*").strip()
        if stripped.startswith("(") and stripped.endswith(")") and _balanced(stripped[1:-1]):
            stripped = stripped[1:-1].strip()
        if stripped == text:
            return text
        text = stripped


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _percent(match: re.Match[str]) -> Decimal:
    if match["n"] is not None:
        return _number(match["n"])
    return Decimal(match["whole"]) + Decimal(match["num"]) / Decimal(match["den"])
