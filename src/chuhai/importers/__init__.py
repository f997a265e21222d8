"""Importers that rebuild the shipped packs' tariffs and measures from published files.

Each ``import_<source>(data_dir, packs_dir)`` reads upstream files under ``data_dir``,
checks every row it uses and writes a pack's generated files under ``packs_dir``, all at
once, returning an :class:`~chuhai.importers.common.ImportReport`. They are run by
``tools/build_packs.py`` and, later, ``chuhai data import <source>``.

>>> sorted(IMPORTERS)
['eu_cet', 'eu_vat', 'jp_tariff', 'ukgt', 'us_hts', 'us_section301']
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chuhai.importers.common import ImportReport
from chuhai.importers.eu_vat import import_eu_vat
from chuhai.importers.jp_tariff import import_jp_tariff
from chuhai.importers.uk_eu_tariff import import_eu_cet, import_ukgt
from chuhai.importers.us_hts import import_us_hts
from chuhai.importers.us_section301 import import_us_section301

Importer = Callable[[Path, Path], ImportReport]

IMPORTERS: dict[str, Importer] = {
    "us_hts": import_us_hts,
    "us_section301": import_us_section301,
    "ukgt": import_ukgt,
    "eu_cet": import_eu_cet,
    "jp_tariff": import_jp_tariff,
    "eu_vat": import_eu_vat,
}

__all__ = [
    "IMPORTERS",
    "ImportReport",
    "Importer",
    "import_eu_cet",
    "import_eu_vat",
    "import_jp_tariff",
    "import_ukgt",
    "import_us_hts",
    "import_us_section301",
]
