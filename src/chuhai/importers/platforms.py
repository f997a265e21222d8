"""Import the platform directory (who sells where, how, and whether China-based sellers may join).

Reference: ``commerce/platforms.csv`` in the shared data directory: 100 hand-researched
platform sites (see its ``PLATFORMS.md``), each with ``sources``, ``source_status``,
``confidence`` and ``fee_as_of``. Only the non-fee columns are kept here; the fees live in
the commerce fee pack (``chuhai/data/commerce``), joined at run time by the row id
(``platforms:<id>``).

Writes ``platforms.csv``, ``manifest.json`` and ``SOURCES.md`` under ``out_dir``. Markets are
read into ISO alpha-2 codes (``markets``) beside the original text; ``global_reach`` marks
sites that also sell beyond the named markets. The business model and livestream support
are read into a few words (``model``, ``livestream``) beside the original text. A malformed
row stops the import naming file, row (header = 1) and field; reruns are byte-identical.

>>> parse_markets("Global (RU, ES, FR, etc.)")
(('ES', 'FR', 'RU'), True)
>>> classify_livestream("yes - LIVE shopping"), classify_livestream("Amazon Live (brand-registered)")
('yes', 'limited')
>>> classify_model("social/interest commerce marketplace", "TikTok Shop US")
'social_commerce'
"""

from __future__ import annotations

import re
from pathlib import Path

from chuhai.domain.countries import normalise_country
from chuhai.errors import UnknownCountryError
from chuhai.importers.common import (
    ImportReport,
    csv_text,
    manifest_json,
    read_csv,
    require_file,
    row_error,
    upstream,
    upstream_md,
    write_pack_files,
)

__all__ = [
    "ACCEPTS",
    "MODELS",
    "PLATFORM_COLUMNS",
    "classify_livestream",
    "classify_model",
    "import_platforms",
    "parse_markets",
]

UPSTREAM = "commerce/platforms.csv"
AS_OF = "2026-11-29"  # the shared data snapshot the rows were researched for (PLATFORMS.md)
BUILDER = "chuhai.importers.platforms.import_platforms (chuhai data import platforms)"
ACCEPTS = ("yes", "limited", "no", "closed")
CONFIDENCE = ("high", "medium-high", "medium", "low-medium", "low")
MODELS = (
    "marketplace", "social_commerce", "full_managed", "semi_managed", "supplier",
    "independent_store", "b2b_wholesale", "closed",
)  # fmt: skip
REQUIRED = (
    "id", "accepts_cn_enum", "confidence_enum", "platform", "site_or_program", "markets_iso",
    "region", "business_model", "cn_onboarding_notes", "fulfilment_options", "livestream_support",
    "main_languages", "listing_api_or_feed", "status_notes", "sources", "source_status",
    "confidence", "fee_as_of",
)  # fmt: skip
PLATFORM_COLUMNS = (
    "id", "platform", "site", "markets", "global_reach", "markets_text", "region", "model",
    "business_model", "accepts_cn", "cn_onboarding_notes", "fulfilment_options", "livestream",
    "livestream_notes", "languages", "listing_api", "status_notes", "confidence",
    "confidence_text", "source_status", "sources", "fee_as_of",
)  # fmt: skip
_CODE = re.compile(r"\b[A-Z]{2}\b")
_BEYOND = ("global", "etc", "others", "+", "some ")


def parse_markets(text: str) -> tuple[tuple[str, ...], bool]:
    """ISO alpha-2 codes named in a markets text, and whether the site sells beyond them."""
    codes = set()
    for token in _CODE.findall(text):
        try:
            codes.add(normalise_country(token))
        except UnknownCountryError:
            continue  # EU, UK-style group names: the text is kept beside the codes
    return tuple(sorted(codes)), any(word in text.lower() for word in _BEYOND)


def classify_livestream(text: str) -> str:
    """``yes``, ``limited`` or ``no`` from the research text on livestream selling."""
    lowered = text.strip().lower()
    if lowered.startswith("yes"):
        return "yes"
    if not lowered or lowered.startswith(("no", "n/a")):
        return "no"
    return "limited"


def classify_model(business_model: str, site: str) -> str:
    """One of :data:`MODELS` from the business-model text and the site's name.

    Only the main model counts (the text before " + "): AliExpress is a marketplace that
    also runs a full-managed program.
    """
    text = f"{business_model.split(' + ')[0]} {site}".lower()
    rules = (
        ("closed", "closed"),
        ("semi-managed", "semi_managed"),
        ("full-managed", "full_managed"),
        ("consignment / supplier", "full_managed"),
        ("buys/consigns", "full_managed"),
        ("supplier drop-ship", "supplier"),
        ("independent store", "independent_store"),
        ("b2b", "b2b_wholesale"),
        ("social", "social_commerce"),
    )
    return next((model for needle, model in rules if needle in text), "marketplace")


def _row(path: Path, number: int, raw: dict[str, str]) -> tuple[str, ...]:
    def need(name: str, allowed: tuple[str, ...] | None = None) -> str:
        value = raw[name].strip()
        if not value or (allowed is not None and value not in allowed):
            expected = f"; expected one of {', '.join(allowed)}" if allowed else ""
            raise row_error(path, number, name, f"invalid value {value!r}{expected}")
        return value

    if not raw["id"].strip().isdigit():
        raise row_error(path, number, "id", f"not a row number: {raw['id']!r}")
    markets, beyond = parse_markets(need("markets_iso"))
    if not markets and not beyond:
        raise row_error(path, number, "markets_iso", f"no market in {raw['markets_iso']!r}")
    site = need("site_or_program")
    return (
        str(int(raw["id"])), need("platform"), site, " ".join(markets),
        "yes" if beyond else "no", raw["markets_iso"].strip(), raw["region"].strip(),
        classify_model(raw["business_model"], site), raw["business_model"].strip(),
        need("accepts_cn_enum", ACCEPTS), raw["cn_onboarding_notes"].strip(),
        raw["fulfilment_options"].strip(), classify_livestream(raw["livestream_support"]),
        raw["livestream_support"].strip(), raw["main_languages"].strip(),
        raw["listing_api_or_feed"].strip(), raw["status_notes"].strip(),
        need("confidence_enum", CONFIDENCE), raw["confidence"].strip(),
        raw["source_status"].strip(), need("sources"), raw["fee_as_of"].strip(),
    )  # fmt: skip


def import_platforms(data_dir: Path, out_dir: Path) -> ImportReport:
    """Rebuild ``platforms.csv`` in ``out_dir`` from the upstream research file."""
    report = ImportReport(importer="platforms")
    path = require_file(data_dir, UPSTREAM)
    rows: dict[int, tuple[str, ...]] = {}
    for number, raw in read_csv(path, REQUIRED):
        row = _row(path, number, raw)
        if int(row[0]) in rows:
            raise row_error(path, number, "id", f"duplicate id {row[0]}")
        rows[int(row[0])] = row
    report.upstream.append(upstream(data_dir, UPSTREAM, rows=len(rows), as_of=AS_OF))
    ordered = [rows[key] for key in sorted(rows)]
    for name, index in (("accepts_cn", 9), ("model", 7), ("livestream", 12), ("confidence", 17)):
        for row in ordered:
            report.counts[f"{name} {row[index]}"] += 1
    report.counts["platform sites"] = len(ordered)
    report.counts["platforms (distinct names)"] = len({row[1] for row in ordered})
    texts = {"platforms.csv": csv_text(PLATFORM_COLUMNS, ordered)}
    report.files["platforms.csv"] = len(ordered)
    texts["manifest.json"] = manifest_json(report, builder=BUILDER, notes=NOTES)
    texts["SOURCES.md"] = _sources_md(report)
    report.files.update({"manifest.json": 1, "SOURCES.md": 1})
    write_pack_files(out_dir, texts)
    return report


NOTES = (
    "Fee columns are left out: the commerce fee pack (chuhai/data/commerce) holds them, parsed, "
    "with confidence and fee_as_of; its source_id platforms:<id> names this file's id.",
    "markets: ISO alpha-2 codes found in markets_text; global_reach=yes when the text also "
    "says Global, etc., others, + or some (the site sells beyond the named markets).",
    "model, livestream: short classes read from business_model and livestream_notes by "
    "chuhai.importers.platforms (classify_model, classify_livestream); the texts are kept.",
    "Each row keeps its sources with the research markers: [V] read in the research session, "
    "[K] background knowledge, to be checked before relying on it.",
)


def _sources_md(report: ImportReport) -> str:
    lines = [
        "# Platform directory: sources",
        "",
        f"Generated by `{BUILDER}`; do not edit by hand.",
        "",
        "Rows come from the hand-researched notes `commerce/platforms.csv` of the shared data",
        "folder (see its `PLATFORMS.md`). Every row carries its own `sources` (URLs, each marked",
        "[V] when the page was read, [K] when the figure is background knowledge),",
        "`source_status`, `confidence` and `fee_as_of`: show them beside the data.",
        "",
        "## Upstream file",
        "",
    ]
    lines += upstream_md(report)
    lines += ["", "## Notes", ""] + [f"- {note}" for note in NOTES]
    return "\n".join(lines) + "\n"
