"""Build chuhai's commerce fee pack (``src/chuhai/data/commerce/``) from the shared research files.

Usage::

    .venv/bin/python tools/build_commerce_pack.py [--shared-data DIR] [--out DIR] [--report]

Upstream (``commerce/`` in the shared data folder, described in its ``PLATFORMS.md``):

- ``platforms.csv``: 100 platform sites with fee notes per product category, a ``sources``
  column per row ([V] = page read, [K] = researcher's background knowledge), a confidence and
  the date the fees were known (``fee_as_of``).
- ``payments.csv``: 7 payout, settlement and acquiring providers with their fee notes.

How the text is read. Each fee cell is split into parts at top-level ";" and read by a small,
strict grammar (``read_fee_cell``, ``read_other_part``). A cell it does not fully recognise is
kept as ``unparsed``; a stated range as ``range``; a channel that does not charge a commission
(supply-price, closed, not open to China-based sellers) as ``not_applicable``. A few cells say
more than the grammar reads (price tiers, dated changes, per-market rates); they are read in
``INTERPRETATIONS``, keyed by their exact text, so an upstream edit drops them back to
``unparsed`` rather than to a stale figure. Every output row keeps the original text, the
confidence, ``fee_as_of`` and the row's sources beside the figure.

The carriers' DDP surcharges are hand-curated, not built: ``carrier_fees.yaml`` and
``carrier_sources.csv`` live beside the output. The builder checks that every figure cites a
known source and records both files' checksums in ``manifest.json`` and ``SOURCES.md``.

The output is deterministic (no build date): running the builder twice gives identical files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from chuhai.domain.countries import ALPHA3_BY_ALPHA2

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "src" / "chuhai" / "data" / "commerce"
PLATFORMS = "commerce/platforms.csv"
PAYMENTS = "commerce/payments.csv"
CATEGORIES = ("apparel", "footwear", "bags", "home_goods", "umbrellas")
COLUMNS = [
    "fee_id",
    "channel_id",
    "platform",
    "site",
    "markets",
    "category",
    "kind",
    "status",
    "rate",
    "rate_min",
    "rate_max",
    "tiers",
    "fixed",
    "minimum",
    "currency",
    "currencies",
    "per",
    "includes_shipping",
    "includes_tax",
    "approximate",
    "valid_from",
    "valid_to",
    "as_of",
    "fee_as_of",
    "confidence",
    "evidence",
    "original_text",
    "reading",
    "note",
    "source_id",
]
NUM = r"\d+(?:\.\d+)?"
MONEY = r"(?P<cur>US\$|A\$|C\$|\$|£|€|GBP|EUR|USD|JPY|AUD|CAD)\s?(?P<amt>\d[\d,]*(?:\.\d+)?)"
SYMBOLS = {"US$": "USD", "$": "USD", "A$": "AUD", "C$": "CAD", "£": "GBP", "€": "EUR"}
PLATFORM_SLUGS = {
    "Walmart Marketplace": "walmart",
    "TikTok Shop / Tokopedia": "tiktok_shop",
    "Kaufland Global Marketplace": "kaufland",
    "OTTO Market": "otto",
    "Newegg Marketplace": "newegg",
    "Kogan.com Marketplace": "kogan",
    "Shopify (independent store)": "shopify",
    "Yahoo! Shopping (JP)": "yahoo_shopping",
    "Fnac / Darty": "fnac_darty",
    "bol.com": "bol",
}
ROW_SLUGS = {"25": "temu_full_managed", "26": "temu_semi_managed", "27": "shein_supplier"}
ROW_SLUGS.update({"28": "shein_marketplace", "93": "wish"})


@dataclass(frozen=True)
class Reading:
    """One figure read from a cell (or a cell kept unread), before it becomes a CSV row."""

    kind: str
    status: str
    reading: str
    rate: str = ""
    rate_min: str = ""
    rate_max: str = ""
    tiers: str = ""
    fixed: str = ""
    minimum: str = ""
    currency: str = ""
    currencies: str = ""
    per: str = "order"
    includes_shipping: str = ""
    includes_tax: str = ""
    approximate: bool = False
    valid_from: str = ""
    valid_to: str = ""
    markets: str = ""
    note: str = ""
    confidence: str = ""  # overrides the row's confidence for this figure
    row_wide: bool = False  # named in a category cell but applies to every category


def pct(text: str) -> str:
    """A percent figure as a fraction: ``pct("15.45") == "0.1545"``."""
    return str((Decimal(text) / 100).normalize())


def money(cur: str, amount: str) -> tuple[str, str]:
    return SYMBOLS.get(cur, cur), amount.replace(",", "")


def commission(percent: str, reading: str, **extra: Any) -> Reading:
    values = {"rate": pct(percent), "per": "unit", **extra}
    return Reading("commission", "parsed", reading, **values)


# --- readings by hand (src/chuhai/data/commerce/readings.yaml) ------------------------------


def load_readings(path: Path) -> dict[str, dict[str, list[tuple[str, Reading]]]]:
    """Section -> exact text -> (channel id or "", figure)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = set(Reading.__dataclass_fields__)
    out: dict[str, dict[str, list[tuple[str, Reading]]]] = {}
    for section, entries in data.items():
        table = out.setdefault(section, {})
        for entry in entries:
            figures = []
            for figure in entry["figures"]:
                unknown = set(figure) - fields - {"channel"}
                if unknown:
                    raise SystemExit(f"{path}: unknown keys {sorted(unknown)} in {entry['text']!r}")
                values = {k: v for k, v in figure.items() if k != "channel"}
                values.setdefault("status", "parsed")
                figures.append((figure.get("channel", ""), Reading(**values)))
            table[entry["text"]] = figures
    return out


READINGS_FILE = DEFAULT_OUT / "readings.yaml"
CARRIER_FILES = ("carrier_fees.yaml", "carrier_sources.csv")
READINGS = load_readings(READINGS_FILE)
INTERPRETATIONS = {t: [r for _, r in f] for t, f in READINGS["platform_cells"].items()}
OTHER_INTERPRETATIONS = {t: [r for _, r in f] for t, f in READINGS["other_parts"].items()}
PAYMENT_READINGS = READINGS["payments"]
_C = "commission"


# --- the grammar ------------------------------------------------------------------------------

FLAT = re.compile(
    rf"^(?P<approx>~)?(?P<rate>{NUM})%"
    rf"(?P<dst> incl(?: {NUM}%)? DST)?"
    r"(?: (?:commission|take rate|average))?"
    r"(?: \((?P<paren>[^()\d%]*|default[^()]*|fashion)\))?"
    rf"(?: within {NUM}-{NUM}% range)?"
    r"(?: of total sale)?"
    r"(?: \(up to \$(?P<cap>[\d,]+)\))?"
    rf"(?:; min {MONEY})?$"
)
PLUS_FIXED = re.compile(
    rf"^(?P<approx>~)?(?P<rate>{NUM})%(?: transaction fee)? \+ {MONEY}"
    r"(?P<unit>/order| listing)?(?: for business sellers in most categories)?$"
)
EU_CHANGE = re.compile(
    rf"^(?P<head>.+); from (?P<day>\d{{4}}-\d\d-\d\d) apparel <(?P<cur>EUR|GBP)(?P<a>{NUM}) -> "
    rf"(?P<r1>{NUM})%, (?P=cur)(?P=a)-(?P<b>{NUM}) -> (?P<r2>{NUM})% \(reported\)$"
)
RANGE = re.compile(
    rf"^(?:reported |success fee |unverified \()?~?(?P<lo>{NUM})-(?P<hi>{NUM})%(?!.*\d%)"
)
UP_TO = re.compile(rf"^(?:local commission )?up to (?P<hi>{NUM})%")
SAME = re.compile(r"^(same|as apparel|as fashion)\b")
NOT_APPLICABLE = re.compile(
    r"^(n/a\b|no commission; (margin|wholesale)|transfer-price model|wholesale-cost model)"
)
TAG = re.compile(r"\s*\[([^\]]*)\]")


def evidence_of(text: str) -> str:
    tags = {t.strip()[:1].upper() for t in TAG.findall(text) if t.strip()}
    return "/".join(sorted(tags & {"K", "V"}, key="VK".index))


def strip_tags(text: str) -> str:
    return TAG.sub("", text).strip()


def read_fee_cell(text: str) -> list[Reading] | str:
    """The figures of one category cell, or "same" when it points to the apparel cell."""
    if text in INTERPRETATIONS:
        return INTERPRETATIONS[text]
    clean = strip_tags(text)
    if SAME.match(clean):
        return "same"
    if NOT_APPLICABLE.match(clean):
        return [Reading(_C, "not_applicable", "no commission on this channel or category")]
    return (
        _read_flat(clean)
        or _read_change(clean)
        or _read_range(clean)
        or [Reading(_C, "unparsed", "not a figure the grammar reads")]
    )


def _read_flat(clean: str) -> list[Reading] | None:
    m = FLAT.match(clean)
    if m:
        extra: dict[str, str] = {}
        if m["cap"]:
            cap = m["cap"].replace(",", "")
            extra = {"tiers": f"<={cap}:{pct(m['rate'])}", "currency": "USD", "rate": ""}
        if m["amt"]:
            extra["currency"], extra["minimum"] = money(m["cur"], m["amt"])
        note = "incl. digital services tax" if m["dst"] else ""
        return [commission(m["rate"], "flat", approximate=bool(m["approx"]), note=note, **extra)]
    m = PLUS_FIXED.match(clean)
    if m:
        cur, amt = money(m["cur"], m["amt"])
        # "+ GBP0.30/order" is per order; a bare "+ $0.20" (Etsy's listing fee) is per item
        kind, per = ("order_fee", "order") if m["unit"] == "/order" else ("unit_fee", "unit")
        approx = bool(m["approx"])
        return [
            commission(m["rate"], "flat", approximate=approx),
            Reading(kind, "parsed", "fixed", fixed=amt, currency=cur, per=per, approximate=approx),
        ]
    return None


def _read_change(clean: str) -> list[Reading] | None:
    m = EU_CHANGE.match(clean)
    head = _read_flat(m["head"]) if m else None
    if not m or not head:
        return None
    before = replace(head[0], valid_to=m["day"], reading="dated")
    top = before.rate
    tiers = f"<{m['a']}:{pct(m['r1'])};<={m['b']}:{pct(m['r2'])};*:{top}"
    after = replace(
        before,
        valid_from=m["day"],
        valid_to="",
        reading="dated price tiers",
        tiers=tiers,
        rate="",
        currency=m["cur"],
        note=(before.note + "; " if before.note else "") + "reported",
    )
    return [before, after]


def _read_range(clean: str) -> list[Reading] | None:
    m = RANGE.match(clean)
    if m:
        return [Reading(_C, "range", "range", rate_min=pct(m["lo"]), rate_max=pct(m["hi"]))]
    m = UP_TO.match(clean)
    if m:
        return [Reading(_C, "range", "upper bound", rate_min="0", rate_max=pct(m["hi"]))]
    return None


OTHER_RULES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"^(?:CB )?transaction fee (?P<rate>[\d.]+)%(?: incl (?:SST|VAT))?"
            r"(?: \((?:\d{4}|from (?P<day>\d{4}-\d\d-\d\d))\))?$"
        ),
        "transaction",
    ),
    (
        re.compile(
            r"^(?:transaction/payment fee|payment processing fee) ~(?P<rate>[\d.]+)%"
            r"(?: of order value)?$"
        ),
        "transaction~",
    ),
    (re.compile(r"^(?P<rate>[\d.]+)% funds-processing fee on transaction value"), "transaction"),
    (re.compile(rf"^(?P<approx>~)?{MONEY} per-order fee for self-shipped orders"), "order_fee"),
    (re.compile(rf"^min(?: referral)? (?P<approx>~)?{MONEY}"), "minimum"),
    (re.compile(r"^Referral % applies to total incl\. shipping"), "shipping"),
    (re.compile(r"^charged on price \+ shipping$"), "shipping"),
    (re.compile(r"^commission on price incl\. (?:tax \+ shipping|shipping & VAT)$"), "both"),
    (re.compile(r"^(?:international fee\b|transaction fee \()"), "transaction?"),
    (re.compile(r"^Additional per-unit fee for low-cost items"), "unit_fee?"),
]


def read_other_part(text: str) -> tuple[str, list[Reading]]:
    """One part of ``other_transaction_fees``: an action for the row's fees and new figures."""
    if text in OTHER_INTERPRETATIONS:
        return "", OTHER_INTERPRETATIONS[text]
    clean = strip_tags(text)
    if clean in ("n/a", "n/a for CN sellers", "n/a for CN direct", "referral only", ""):
        return "", []
    for pattern, action in OTHER_RULES:
        m = pattern.match(clean)
        if not m:
            continue
        groups = m.groupdict()
        if action.startswith("transaction") and groups.get("rate"):
            return "", [
                Reading(
                    "transaction",
                    "parsed",
                    "rate",
                    rate=pct(groups["rate"]),
                    valid_from=groups.get("day") or "",
                    approximate=action.endswith("~"),
                )
            ]
        if action in ("transaction?", "unit_fee?"):
            kind = action.rstrip("?")
            return "", [Reading(kind, "unparsed", "fee named without a usable figure")]
        if action == "order_fee":
            cur, amt = money(groups["cur"], groups["amt"])
            return "", [
                Reading(
                    "order_fee",
                    "parsed",
                    "fixed",
                    fixed=amt,
                    currency=cur,
                    note="self-shipped orders (reported)",
                )
            ]
        if action == "minimum":
            cur, amt = money(groups["cur"], groups["amt"])
            return f"minimum:{cur}:{amt}:{'~' if groups.get('approx') else ''}", []
        return action, []
    return "", [Reading("other", "unparsed", "listed; not a per-sale figure")]


def split_parts(text: str) -> list[str]:
    """Split at ";" outside brackets and parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == ";" and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [p for p in [*parts, current.strip()] if p]


# --- payments.csv: seven providers, read by hand ------------------------------------------------

PAYMENT_IDS = {
    "PayPal (PayPal China / 贝宝)": "paypal_cn",
    "Stripe": "stripe_us",
    "Payoneer (派安盈)": "payoneer",
    "LianLian Global (连连国际)": "lianlian",
    "PingPong": "pingpong",
    "Airwallex (空中云汇)": "airwallex",
    "WorldFirst (万里汇, Ant Group)": "worldfirst",
}


# --- rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upstream:
    path: str
    text: str
    sha256: str
    size: int

    def records(self) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.text)))


def read_upstream(shared: Path, rel: str) -> Upstream:
    raw = (shared / rel).read_bytes()
    return Upstream(rel, raw.decode("utf-8"), hashlib.sha256(raw).hexdigest(), len(raw))


DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?(?!\d)")


def as_of_date(text: str) -> str:
    """The start of the latest period ``fee_as_of`` names: ``"2021 base; 2025-12"`` -> 2025-12-01."""
    found = [m.group(0) for m in DATE.finditer(text)]
    if not found:
        return ""
    full = [f + "-01-01"[len(f) - 4 :] if len(f) < 10 else f for f in found]
    return max(full)


def confidence_of(text: str) -> str:
    m = re.match(r"\s*(medium-high|medium-low|low-medium|high|medium|low)", text.lower())
    word = m.group(1) if m else "low"
    return {"medium-low": "low-medium"}.get(word, word)


def markets_of(text: str) -> list[str]:
    if text.startswith("Global"):
        return []
    text = re.sub(r"\([^()]*separate\)", "", text)
    return [t for t in dict.fromkeys(re.findall(r"\b[A-Z]{2}\b", text)) if t in ALPHA3_BY_ALPHA2]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def channel_id_of(row: dict[str, str], markets: list[str]) -> str:
    if row["id"] in ROW_SLUGS:
        return ROW_SLUGS[row["id"]]
    name = PLATFORM_SLUGS.get(row["platform"], slug(row["platform"]))
    return f"{name}_{markets[0].lower()}" if len(markets) == 1 else name


def platform_readings(row: dict[str, str]) -> list[tuple[str, str, Reading]]:
    """(category, original text, reading) for every figure of one platform row."""
    apparel = read_fee_cell(row["fee_apparel"])
    apparel = [] if apparel == "same" else apparel
    out: list[tuple[str, str, Reading]] = []
    for category in CATEGORIES:
        text = row[f"fee_{category}"]
        found = read_fee_cell(text)
        if found == "same":
            found = [replace(r, reading=f"same as apparel: {r.reading}") for r in apparel]
            text = f"{text} (apparel: {row['fee_apparel']})"
        # a row-wide fee named in a category cell (Shopee MY) applies to every category
        out += [("*" if r.row_wide else category, text, r) for r in found]
    actions = []
    for part in split_parts(row["other_transaction_fees"]):
        action, found = read_other_part(part)
        actions.append(action)
        market = markets_of(row["markets_iso"])
        if action == "" and found and found[0].kind == "unit_fee" and market == ["BR"]:
            continue  # "all but BR"
        out += [("*", part, r) for r in found]
    monthly = strip_tags(row["monthly_fee"]).lower()
    if monthly and not monthly.startswith(("none", "n/a", "unverified", "optional", "standard")):
        note = f"monthly fee {row['monthly_fee']}: not per order; add it as a cost line"
        out.append(("*", row["monthly_fee"], Reading("other", "unparsed", "monthly", note=note)))
    return [(c, t, _apply(r, actions)) for c, t, r in out]


def _apply(reading: Reading, actions: Iterable[str]) -> Reading:
    """Row-wide facts from other_transaction_fees: commission base and minimum."""
    if reading.kind != "commission" or reading.status != "parsed":
        return reading
    for action in actions:
        if action in ("shipping", "both") and not reading.includes_shipping:
            reading = replace(reading, includes_shipping="yes")
        if action == "both" and not reading.includes_tax:
            reading = replace(reading, includes_tax="yes")
        if action.startswith("minimum:") and not reading.minimum and reading.rate != "0":
            _, cur, amt, approx = action.split(":")
            if reading.currency in ("", cur):
                reading = replace(
                    reading,
                    minimum=amt,
                    currency=cur,
                    approximate=reading.approximate or bool(approx),
                )
    return reading


def build_rows(platforms: Upstream, payments: Upstream) -> tuple[list[list[str]], ...]:
    fee_rows: list[list[str]] = []
    pay_rows: list[list[str]] = []
    sources: list[list[str]] = []
    seen: set[str] = set()
    for row in platforms.records():
        markets = markets_of(row["markets_iso"])
        cid = channel_id_of(row, markets)
        if cid in seen:
            raise SystemExit(f"duplicate channel id {cid} (platforms.csv id {row['id']})")
        seen.add(cid)
        source_id = f"platforms:{row['id']}"
        common = {
            "channel_id": cid,
            "platform": row["platform"],
            "site": row["site_or_program"],
            "fee_as_of": row["fee_as_of"],
            "as_of": as_of_date(row["fee_as_of"]),
            "confidence": row["confidence_enum"],
            "source_id": source_id,
        }
        for category, text, reading in platform_readings(row):
            fee_rows.append(_row(common, category=category, text=text, r=reading))
        sources.append(
            [
                source_id,
                PLATFORMS,
                row["id"],
                row["platform"],
                row["site_or_program"],
                " ".join(markets),
                row["sources"],
                row["source_status"],
                row["confidence"],
                row["fee_as_of"],
            ]
        )
    for row in payments.records():
        source_id = f"payments:{slug(PAYMENT_IDS.get(row['provider'], row['provider']))}"
        common = {
            "platform": row["provider"],
            "site": row["type"],
            "fee_as_of": row["as_of"],
            "as_of": as_of_date(row["as_of"]),
            "confidence": confidence_of(row["confidence"]),
            "source_id": source_id,
        }
        for column in ("receiving_fee", "withdrawal_or_settlement_to_cn", "fx_markup"):
            text = row[column]
            found = PAYMENT_READINGS.get(text) or [
                (
                    PAYMENT_IDS.get(row["provider"], slug(row["provider"])),
                    Reading("other", "unparsed", f"{column} not read", note=column),
                )
            ]
            for cid, reading in found:
                pay_rows.append(
                    _row({**common, "channel_id": cid}, category="*", text=text, r=reading)
                )
        sources.append(
            [
                source_id,
                PAYMENTS,
                "",
                row["provider"],
                row["type"],
                "",
                row["sources"],
                row["source_status"],
                row["confidence"],
                row["as_of"],
            ]
        )
    return _numbered(fee_rows), _numbered(pay_rows), sources


def _row(common: dict[str, str], *, category: str, text: str, r: Reading) -> list[str]:
    values = {
        **common,
        **{k: v for k, v in asdict(r).items() if isinstance(v, str)},
        "markets": r.markets,
        "category": category,
        "original_text": text,
        "evidence": evidence_of(text),
        "approximate": "yes" if r.approximate else "",
        "confidence": r.confidence or common["confidence"],
    }
    return [values.get(column, "") for column in COLUMNS]


def _numbered(rows: list[list[str]]) -> list[list[str]]:
    counts: Counter[str] = Counter()
    index = {c: i for i, c in enumerate(COLUMNS)}
    for row in rows:
        key = ":".join(row[index[c]] for c in ("channel_id", "category", "kind"))
        counts[key] += 1
        row[index["fee_id"]] = f"{key}:{counts[key]}"
    return rows


# --- output -----------------------------------------------------------------------------------

SOURCE_COLUMNS = [
    "source_id",
    "file",
    "row",
    "name",
    "site",
    "markets",
    "sources",
    "source_status",
    "confidence_text",
    "fee_as_of",
]


def render_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def cell_counts(rows: list[list[str]]) -> dict[str, dict[str, int]]:
    """Per fee column: how many cells gave parsed, range, unparsed or not-applicable figures."""
    index = {c: i for i, c in enumerate(COLUMNS)}
    by_cell: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        if row[index["kind"]] == "commission":
            key = (row[index["source_id"]], row[index["category"]])
            by_cell.setdefault(key, set()).add(row[index["status"]])
    counts: dict[str, Counter[str]] = {c: Counter() for c in CATEGORIES}
    for (_, category), statuses in by_cell.items():
        for status in ("parsed", "range", "not_applicable", "unparsed"):
            if status in statuses:
                counts[category][status] += 1
                break
    return {c: dict(sorted(n.items())) for c, n in counts.items()}


def build(shared: Path) -> dict[str, bytes]:
    platforms = read_upstream(shared, PLATFORMS)
    payments = read_upstream(shared, PAYMENTS)
    fee_rows, pay_rows, sources = build_rows(platforms, payments)
    files = {
        "platform_fees.csv": render_csv(COLUMNS, fee_rows),
        "payment_fees.csv": render_csv(COLUMNS, pay_rows),
        "sources.csv": render_csv(SOURCE_COLUMNS, sources),
    }
    manifest = {
        "pack": "commerce",
        "builder": "tools/build_commerce_pack.py",
        "upstream": [
            {"path": up.path, "sha256": up.sha256, "size_bytes": up.size, "rows": len(up.records())}
            for up in (platforms, payments)
        ],
        "readings": {
            "path": "src/chuhai/data/commerce/readings.yaml",
            "sha256": hashlib.sha256(READINGS_FILE.read_bytes()).hexdigest(),
        },
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
        "hand_curated": carrier_summary(DEFAULT_OUT),
        "commission_cells": cell_counts(fee_rows),
        "statuses": {
            "platform_fees.csv": _statuses(fee_rows),
            "payment_fees.csv": _statuses(pay_rows),
        },
    }
    files["manifest.json"] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    files["SOURCES.md"] = render_sources_md(manifest).encode()
    return files


def carrier_summary(folder: Path) -> dict[str, Any]:
    """Checksums and counts of the hand-curated carrier files; every cited source must exist."""
    fees_path, sources_path = (folder / name for name in CARRIER_FILES)
    data = yaml.safe_load(fees_path.read_text(encoding="utf-8"))
    known = {
        row["source_id"]
        for row in csv.DictReader(io.StringIO(sources_path.read_text(encoding="utf-8")))
    }
    for fee in data["fees"]:
        missing = set(fee["source_ids"]) - known
        if missing:
            raise SystemExit(f"{fee['fee_id']} cites unknown sources {sorted(missing)}")
    return {
        "files": {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (fees_path, sources_path)
        },
        "carrier_fees": [fee["fee_id"] for fee in data["fees"]],
        "not_included": [row["carrier"] for row in data.get("not_included") or []],
    }


def _statuses(rows: list[list[str]]) -> dict[str, int]:
    index = COLUMNS.index("status")
    return dict(sorted(Counter(row[index] for row in rows).items()))


def render_sources_md(manifest: dict[str, Any]) -> str:
    lines = [
        "# Commerce fee pack: sources and attribution",
        "",
        "Generated by `tools/build_commerce_pack.py`; do not edit by hand.",
        "",
        "Figures are read from hand-researched notes (`commerce/platforms.csv`, "
        "`commerce/payments.csv` in the shared data folder; see their `PLATFORMS.md`). Each row "
        "of `platform_fees.csv` and `payment_fees.csv` keeps the original text, the confidence, "
        "the `fee_as_of` date and a `source_id` whose row in `sources.csv` carries the cited "
        "sources: [V] means the cited page was read, [K] that the figure is the researcher's "
        "background knowledge and must be checked before use.",
        "",
        "Statuses: `parsed` (a figure), `range` (only a range: used only when the user allows "
        "its upper end), `unparsed` (refused until the user supplies the figure), "
        "`not_applicable` (no commission: supply-price or closed channels).",
        "",
        "## Commission cells of platforms.csv",
        "",
        "| column | " + " | ".join(("parsed", "range", "not_applicable", "unparsed")) + " |",
        "|---|---|---|---|---|",
    ]
    for column, counts in manifest["commission_cells"].items():
        values = [str(counts.get(s, 0)) for s in ("parsed", "range", "not_applicable", "unparsed")]
        lines.append(f"| fee_{column} | " + " | ".join(values) + " |")
    carriers = manifest["hand_curated"]
    lines += [
        "",
        "## Carrier DDP surcharges (hand-curated)",
        "",
        "`carrier_fees.yaml` holds carriers' fees for advancing duties and taxes on DDP "
        "shipments, each with its lanes, dates, confidence and `source_ids` into "
        "`carrier_sources.csv`. Only sourced figures are shipped: "
        + ", ".join(f"`{f}`" for f in carriers["carrier_fees"])
        + "; left out for want of a source: "
        + ", ".join(f"`{c}`" for c in carriers["not_included"])
        + " (reasons in the file).",
        "",
    ]
    for name, digest in carriers["files"].items():
        lines.append(f"- `{name}`: sha256 `{digest}`.")
    lines += ["", "## Upstream files", ""]
    for up in manifest["upstream"]:
        lines.append(
            f"- `{up['path']}`: sha256 `{up['sha256']}`, {up['size_bytes']} bytes, "
            f"{up['rows']} rows."
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--report", action="store_true", help="print the reading of every cell")
    args = parser.parse_args(argv)
    files = build(args.shared_data)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
    manifest = json.loads(files["manifest.json"])
    print(json.dumps(manifest["commission_cells"], indent=1))
    if args.report:
        reader = csv.DictReader(io.StringIO(files["platform_fees.csv"].decode()))
        for row in reader:
            figures = " ".join(
                f"{k}={row[k]}"
                for k in (
                    "rate",
                    "rate_min",
                    "rate_max",
                    "tiers",
                    "fixed",
                    "minimum",
                    "currency",
                    "valid_from",
                    "valid_to",
                    "markets",
                )
                if row[k]
            )
            print(f"{row['fee_id']:45} {row['status']:14} {figures:60} | {row['original_text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
