"""Units and currency signs of duty rates: every spelling a schedule uses, mapped to one unit.

A specific duty is an amount per some quantity ("35.10 GBP / 100 kg", "37.5¢/doz. pr.",
"3,400,000円/頭"). :func:`get_unit` turns the part after the slash into a canonical unit and
a scale: how many canonical units one spelled unit holds. :data:`CANONICAL_UNITS` lists the
canonical units; a line's quantities are keyed by them.

Spellings follow the US HTS (USITC, "General" column), the UK Global Tariff and the EU
Common External Tariff (TARIC measurement units and qualifiers) and Japan's 実行関税率表
(Japan Customs). Text is expected after NFKC normalisation ("㎡" is "m2").

>>> get_unit("100 kg"), get_unit("doz. pr."), get_unit("1,000本")
(('kg', Decimal('100')), ('pair', Decimal('12')), ('item', Decimal('1000')))
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["CANONICAL_UNITS", "CURRENCY_SIGNS", "get_unit"]

CANONICAL_UNITS: dict[str, str] = {
    "kg": "kilograms net (the default weight basis of every schedule)",
    "kg_gross": "kilograms gross: EU '/ gross', '/br'; US 'on contents and container'",
    "kg_drained": "kilograms net drained weight: US 'on drained weight', EU 'net drained wt'",
    "kg_dry_matter": "kilograms of net dry matter: EU '/ net dry', UK 'mas'",
    "kg_lactic_matter": "kilograms of lactic matter (EU/UK dairy)",
    "kg_dry_lactic_matter": "kilograms of dry lactic matter (EU dairy)",
    "kg_sucrose": "kilograms of sucrose: EU '100 kg/net/% sacchar.' is 1 kg of sucrose",
    "kg_std_quality": "kilograms of sugar of the standard quality (EU/UK)",
    "kg_total_alcohol": "kilograms of total alcohol (EU '/ kg / tot alc')",
    "kg_total_sugars": "kilograms of total sugars (US 'of total sugars')",
    "kg_clean": "kilograms clean yield (US wool 'clean kg')",
    "kg_copper": "kilograms of copper content (US)",
    "kg_lead": "kilograms of lead content (US)",
    "kg_magnesium": "kilograms of magnesium content (US)",
    "kg_molybdenum": "kilograms of molybdenum content (US)",
    "kg_tungsten": "kilograms of tungsten content (US)",
    "kg_zinc": "kilograms of zinc content (US)",
    "l": "litres (US 'bbl' is 158.987294928 l: 42 US gallons)",
    "l_alcohol": "litres of pure alcohol: EU '% vol / hl' (1 % vol in 1 hl is 1 l)",
    "l_proof": "proof litres (US 'pf. liter')",
    "m": "metres",
    "m2": "square metres",
    "m3": "cubic metres",
    "item": "pieces, heads, articles (No., each, p/st, 頭, 個, 本)",
    "pair": "pairs (pr., 足)",
    "jewel": "jewels of a watch movement (US)",
    "line_item": "button size in lignes times the number of buttons (US '/line/gross')",
}

CURRENCY_SIGNS: dict[str, tuple[str, Decimal]] = {
    "$": ("USD", Decimal(1)),
    "¢": ("USD", Decimal("0.01")),
    "€": ("EUR", Decimal(1)),
    "円": ("JPY", Decimal(1)),
}
"""Sign -> (ISO 4217 code, amount of that currency one unit of the sign is worth)."""

_ONE = Decimal(1)
_BARREL_LITRES = Decimal("158.987294928")  # 42 US gallons of 3.785411784 l, both exact

# Spelling -> (canonical unit, scale). Keys are compared lower-cased and without spaces.
_SPELLINGS: dict[str, tuple[str, Decimal]] = {
    **dict.fromkeys(
        ["kg", "kg net", "kg/net", "kilogram", "kilograms", "キログラム"], ("kg", _ONE)
    ),
    "kg on entire contents of container": ("kg", _ONE),
    "g": ("kg", Decimal("0.001")),
    **dict.fromkeys(["t", "tonne", "mt", "metric ton"], ("kg", Decimal(1000))),
    **dict.fromkeys(
        ["kg/gross", "kg gross", "kg/br", "kg on contents and container"], ("kg_gross", _ONE)
    ),
    **dict.fromkeys(
        ["kg on drained weight", "kg/net drained wt", "kg eda", "kg/net eda"],
        ("kg_drained", _ONE),
    ),
    **dict.fromkeys(["kg/net dry", "kg mas", "kg/net mas"], ("kg_dry_matter", _ONE)),
    "kg/lactic matter": ("kg_lactic_matter", _ONE),
    "kg/dry lactic matter": ("kg_dry_lactic_matter", _ONE),
    **dict.fromkeys(["kg/net/% sacchar.", "kg/% sacchar."], ("kg_sucrose", Decimal("0.01"))),
    **dict.fromkeys(["kg/std qual", "kg std qual"], ("kg_std_quality", _ONE)),
    "kg/tot alc": ("kg_total_alcohol", _ONE),
    "kg of total sugars": ("kg_total_sugars", _ONE),
    "clean kg": ("kg_clean", _ONE),
    **{
        f"kg on {metal} content": (f"kg_{metal}", _ONE)
        for metal in ("copper", "lead", "magnesium", "molybdenum", "tungsten", "zinc")
    },
    **dict.fromkeys(["l", "liter", "liters", "litre", "litres", "リットル"], ("l", _ONE)),
    "hl": ("l", Decimal(100)),
    "kl": ("l", Decimal(1000)),
    "bbl": ("l", _BARREL_LITRES),
    **dict.fromkeys(["% vol/hl", "l alc. 100%"], ("l_alcohol", _ONE)),
    **dict.fromkeys(
        ["pf. liter", "proof liter", "pf. liter on ethyl alcohol content"], ("l_proof", _ONE)
    ),
    "m": ("m", _ONE),
    "m2": ("m2", _ONE),
    "m3": ("m3", _ONE),
    **dict.fromkeys(
        ["", "item", "items", "no.", "each", "p/st", "pcs", "article", "head", "pins"],
        ("item", _ONE),
    ),
    **dict.fromkeys(["頭", "個", "本"], ("item", _ONE)),
    "thousand": ("item", Decimal(1000)),
    **dict.fromkeys(["doz.", "dozen"], ("item", Decimal(12))),
    "gross": ("item", Decimal(144)),
    **dict.fromkeys(["pr.", "pair", "pairs", "足"], ("pair", _ONE)),
    "doz. pr.": ("pair", Decimal(12)),
    "jewel": ("jewel", _ONE),
    "line/gross": ("line_item", Decimal(144)),
}


def _key(spelling: str) -> str:
    return re.sub(r"\s+", "", spelling.lower())


_UNITS = {_key(spelling): unit for spelling, unit in _SPELLINGS.items()}
_MULTIPLIER = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(.*)$")


def get_unit(spelling: str) -> tuple[str, Decimal]:
    """The canonical unit and scale of a unit as a schedule spells it; KeyError if unknown.

    A leading count multiplies the scale ("100 kg", "1000 p/st"); a bare count means items.

    >>> get_unit("tonne"), get_unit("% vol / hl"), get_unit("1000")
    (('kg', Decimal('1000')), ('l_alcohol', Decimal('1')), ('item', Decimal('1000')))
    """
    key = _key(spelling)
    count = _ONE
    match = _MULTIPLIER.match(key)
    if match:
        count, key = Decimal(match[1].replace(",", "")), match[2]
    elif key == "":
        raise KeyError(spelling)
    unit, scale = _UNITS[key]
    return unit, count * scale
