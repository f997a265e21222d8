"""Chinese and English: gettext catalogues (Babel) and locale-aware numbers, money and dates.

The ``.po`` catalogues under ``chuhai/locale`` are compiled in memory on first use, so no
``.mo`` file needs to be built or committed (docs/i18n.md).

>>> from decimal import Decimal
>>> from chuhai.domain.money import Money
>>> format_money(Money("1234.5", "CNY"), "zh_CN"), format_money(Money("1234.5", "CNY"), "en")
('¥1,234.50', 'CN¥1,234.50')
>>> format_date(date(2026, 11, 29), "zh_CN"), format_date(date(2026, 11, 29), "en")
('2026年11月29日', 'Nov 29, 2026')
>>> Formatter("zh_CN").percent("22.77"), Formatter("en").country("PH")
('22.8%', 'Philippines')
>>> get_translations("zh_CN").gettext("Products")
'产品'
"""

from __future__ import annotations

import functools
import io
from datetime import date, datetime
from decimal import Decimal
from importlib.resources import files

from babel import Locale
from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_percent
from babel.numbers import format_decimal as babel_decimal
from babel.support import Translations

from chuhai.domain.money import Money

LOCALES = ("zh_CN", "en")
DEFAULT_LOCALE = "zh_CN"
LOCALE_NAMES = {"zh_CN": "中文", "en": "English"}
HTML_LANG = {"zh_CN": "zh-CN", "en": "en"}
DOMAIN = "chuhai"


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet."""
    return message


def normalise_locale(value: object) -> str:
    """One of :data:`LOCALES` for ``zh-CN``, ``zh_cn``, ``en-GB``...; else the default.

    >>> normalise_locale("zh-cn"), normalise_locale("en-GB"), normalise_locale("fr")
    ('zh_CN', 'en', 'zh_CN')
    """
    text = str(value or "").replace("-", "_").lower()
    if text.startswith("zh"):
        return "zh_CN"
    if text.startswith("en"):
        return "en"
    return DEFAULT_LOCALE


@functools.cache
def get_translations(locale: str) -> Translations:
    """The compiled catalogue of ``locale`` (English msgids stand for themselves)."""
    po_file = files("chuhai") / "locale" / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_file.open("rb") as source:
        catalog = read_po(source, locale=locale, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def format_money(money: Money, locale: str) -> str:
    return format_currency(money.amount, money.currency, locale=locale)


def format_decimal(value: Decimal | int, locale: str) -> str:
    return babel_decimal(value, locale=locale)


def format_date(value: date, locale: str) -> str:
    return babel_date(value, format="medium", locale=locale)


def format_datetime(value: datetime, locale: str) -> str:
    """A timestamp as UTC, saying so."""
    return babel_datetime(value, format="medium", tzinfo=None, locale=locale) + " UTC"


class Formatter:
    """The formatting functions of one locale, handed to templates as ``fmt``."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def money(self, money: Money | None) -> str:
        return "" if money is None else format_money(money, self.locale)

    def money_dict(self, value: dict[str, str] | None) -> str:
        """A ``{"amount", "currency"}`` dict, as ``Quote.to_dict()`` writes money."""
        return "" if value is None else self.money(Money(value["amount"], value["currency"]))

    def decimal(self, value: Decimal | int | None) -> str:
        return "" if value is None else format_decimal(value, self.locale)

    def date(self, value: date | str | None) -> str:
        if value is None:
            return ""
        return format_date(
            date.fromisoformat(value) if isinstance(value, str) else value, self.locale
        )

    def datetime(self, value: datetime | None) -> str:
        return "" if value is None else format_datetime(value, self.locale)

    def percent(self, value: Decimal | str | None) -> str:
        """A figure in percent (``"22.77"``) with one decimal: ``22.8%``."""
        if value is None or value == "":
            return ""
        return format_percent(Decimal(value) / 100, "#,##0.0%", locale=self.locale)

    def country(self, code: str) -> str:
        """A territory's name in this locale (``PH`` -> ``菲律宾``); the code if CLDR has none."""
        return str(Locale.parse(self.locale).territories.get(code, code))
