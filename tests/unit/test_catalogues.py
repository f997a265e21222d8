"""Every text the web pages mark for translation has its Chinese translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[2]
METHODS = [("src/chuhai/web/**.py", "python"), ("src/chuhai/web/templates/**.html", "jinja2")]
OPTIONS = {"src/chuhai/web/templates/**.html": {"trim_blocks": "True", "lstrip_blocks": "True"}}
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def _marked() -> set[str]:
    found = extract_from_dir(str(ROOT), method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS)
    return {message if isinstance(message, str) else message[0] for *_, message, _, _ in found}


def test_every_marked_text_has_a_chinese_translation() -> None:
    with (ROOT / "src/chuhai/locale/zh_CN/LC_MESSAGES/chuhai.po").open("rb") as handle:
        catalogue = read_po(handle)
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalogue
        if m.id and m.string and all(m.string) and not m.fuzzy
    }
    marked = _marked()
    assert len(marked) > 300  # the extraction itself works
    missing = sorted(marked - translated)
    assert not missing, f"untranslated in zh_CN ({len(missing)}): {missing[:10]}"
