"""Import the HS nomenclature (HS 2022 and HS 2017) into ``chuhai/data/hs``.

References (paths relative to the shared data directory), all from
https://github.com/datasets/harmonized-system (UN Comtrade data, ODC-PDDL-1.0):

- ``hs/harmonized-system.csv``: HS 2022 at every level, commit 905e5a0 (2024-10-25);
- ``hs/harmonized-system-hs2017.csv``: HS 2017, commit a72bef2 (2020-02-17), with a BOM;
- ``hs/sections.csv``: the 21 sections;
- ``hs/hs2017_hs2022_code_changes.csv``: 6-digit codes removed or added in 2022, derived
  from the two editions (a set difference, not a correlation table).

The import writes ``hs2022.csv``, ``hs2017.csv``, ``hs2017_hs2022_changes.csv``,
``sections.csv``, ``sources.csv``, ``SOURCES.md`` and ``manifest.json``. To stay small,
``hs2017.csv`` leaves ``description_en`` empty where the text equals HS 2022's for the same
code. ``descriptions_zh.csv`` is written by hand and never touched; when it exists its codes
are checked against the new HS 2022. A malformed row stops the import with a
:class:`~chuhai.errors.PackError` naming file, row (header = 1) and field, before anything
is written; the output is byte-identical from one run to the next.

>>> roman_number("XIV")
14
>>> clean_description("Footwear; gaiters, le.g.ings  and the like ")
'Footwear; gaiters, leggings and the like'
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from chuhai.domain.rule_schema import Status
from chuhai.errors import PackError
from chuhai.importers.common import (
    SOURCE_COLUMNS,
    ImportReport,
    UpstreamFile,
    csv_text,
    digest,
    row_error,
    upstream_md,
    write_pack_files,
)

__all__ = ["import_hs", "main"]

ROMANS = tuple(
    "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI".split()  # noqa: SIM905
)
HS_COLUMNS = ("code", "level", "parent", "section", "description_en")
ZH_FILE = "descriptions_zh.csv"
ZH_COLUMNS = ("code", "description_zh", "status", "source_id")
BUILDER = "python -m chuhai.importers.hs_nomenclature (chuhai.importers.hs_nomenclature.import_hs)"
LICENCE = "ODC-PDDL-1.0"
# Upstream typos fixed on import (an "e.g." replace that went wrong in the upstream script).
CORRECTIONS = {"le.g.ings": "leggings"}

# Chinese section titles, written by the chuhai project after the HS 2022 English titles
# (status "estimated", source "chuhai_translation"; not China Customs' official text).
SECTIONS_ZH = (
    "活动物；动物产品",
    "植物产品",
    "动、植物或微生物油、脂及其分解产品；精制的食用油脂；动、植物蜡",
    "食品；饮料、酒及醋；烟草、烟草及烟草代用品的制品；非经燃烧吸用的产品，不论是否含有尼古丁；"
    "其他供人体摄入尼古丁的含尼古丁的产品",
    "矿产品",
    "化学工业及其相关工业的产品",
    "塑料及其制品；橡胶及其制品",
    "生皮、皮革、毛皮及其制品；鞍具及挽具；旅行用品、手提包及类似容器；动物肠线（蚕胶丝除外）制品",
    "木及木制品；木炭；软木及软木制品；稻草、秸秆、针茅或其他编结材料制品；篮筐及柳条编结品",
    "木浆及其他纤维状纤维素浆；回收（废碎）纸或纸板；纸、纸板及其制品",
    "纺织原料及纺织制品",
    "鞋、帽、伞、杖、鞭及其零件；已加工的羽毛及其制品；人造花；人发制品",
    "石料、石膏、水泥、石棉、云母及类似材料的制品；陶瓷产品；玻璃及其制品",
    "天然或养殖珍珠、宝石或半宝石、贵金属、包贵金属及其制品；仿首饰；硬币",
    "贱金属及其制品",
    "机器、机械器具、电气设备及其零件；录音机及放声机、电视图像、声音的录制和重放设备及其零件、附件",
    "车辆、航空器、船舶及有关运输设备",
    "光学、照相、电影、计量、检验、医疗或外科用仪器及设备、精密仪器及设备；钟表；乐器；"
    "上述物品的零件、附件",
    "武器、弹药及其零件、附件",
    "杂项制品",
    "艺术品、收藏品及古物",
)


@dataclass(frozen=True)
class Upstream:
    """An upstream file: where it lies under the data directory and where it came from."""

    relative: str
    source_id: str
    via: str
    as_of: str
    columns: tuple[str, ...]


HS2022 = Upstream(
    "hs/harmonized-system.csv",
    "datasets_hs2022",
    "github.com/datasets/harmonized-system data/harmonized-system.csv, commit 905e5a0",
    "2024-10-25",
    ("section", "hscode", "description", "parent", "level"),
)
HS2017 = Upstream(
    "hs/harmonized-system-hs2017.csv",
    "datasets_hs2017",
    "github.com/datasets/harmonized-system data/harmonized-system.csv, commit a72bef2",
    "2020-02-17",
    HS2022.columns,
)
SECTIONS = Upstream(
    "hs/sections.csv",
    "datasets_hs2022",
    "github.com/datasets/harmonized-system data/sections.csv, commit 905e5a0",
    "2024-10-25",
    ("section", "name"),
)
CHANGES = Upstream(
    "hs/hs2017_hs2022_code_changes.csv",
    "hs_edition_diff",
    "derived in the shared data folder from the two editions above (set difference of HS6 codes)",
    "2024-10-25",
    ("change", "hscode", "description"),
)
# sources.csv, as shipped (source_id, title, url, publisher, retrieved_on, licence).
SOURCES = tuple(
    tuple(row)
    for row in csv.reader(
        [
            "datasets_hs2022,Harmonized System 2022 at all levels (data: UN Comtrade),"
            "https://github.com/datasets/harmonized-system,datasets/harmonized-system (DataHub),"
            f"2024-10-25,{LICENCE}",
            "datasets_hs2017,Harmonized System 2017 at all levels (data: UN Comtrade),"
            "https://github.com/datasets/harmonized-system/tree/a72bef2,"
            f"datasets/harmonized-system (DataHub),2020-02-17,{LICENCE}",
            "hs_edition_diff,HS 6-digit codes removed or added in HS 2022 (set difference only),"
            f"https://github.com/datasets/harmonized-system,derived from the two editions,,{LICENCE}",
            "chuhai_translation,Chinese descriptions written by the chuhai project from the WCO "
            "English texts; not an official translation,,chuhai project,,Apache-2.0",
        ]
    )
)


class HSRow(NamedTuple):
    code: str
    level: int
    parent: str  # "" for a chapter
    section: str
    description_en: str


def roman_number(section: str) -> int:
    """The number (1-21) of an HS section written in Roman numerals."""
    return ROMANS.index(section) + 1


def clean_description(text: str) -> str:
    """One line, single spaces, upstream typos of :data:`CORRECTIONS` fixed."""
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    return " ".join(text.split())


def read_rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as dicts with their number (header = 1); blank rows come back all empty."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, [])]
        for name in columns:
            if name not in header:
                raise row_error(path, 1, name, "column missing from the header")
        for number, fields in enumerate(reader, start=2):
            if len(fields) < len(header) and any(fields):
                raise row_error(path, number, header[len(fields)], "field missing from the row")
            if len(fields) > len(header):
                raise row_error(path, number, header[-1], "more fields than the header names")
            cells = [*fields, *[""] * (len(header) - len(fields))]
            yield number, {name: value.strip() for name, value in zip(header, cells, strict=True)}


def _require(condition: bool, path: Path, row: int, field_name: str, message: str) -> None:
    if not condition:
        raise row_error(path, row, field_name, message)


def read_sections(data_dir: Path, report: ImportReport) -> dict[str, str]:
    """Section (Roman numeral) -> English title, checked to be I to XXI in order."""
    path = _path(data_dir, SECTIONS)
    sections: dict[str, str] = {}
    for number, row in read_rows(path, SECTIONS.columns):
        expected = ROMANS[len(sections)] if len(sections) < len(ROMANS) else "none"
        _require(row["section"] == expected, path, number, "section", f"expected {expected}")
        _require(bool(row["name"]), path, number, "name", "empty section title")
        name = clean_description(row["name"])
        sections[row["section"]] = name[:1].upper() + name[1:]
    _require(len(sections) == len(ROMANS), path, len(sections) + 2, "section", "sections missing")
    _record(report, data_dir, SECTIONS, rows=len(sections))
    return sections


def read_edition(
    data_dir: Path, upstream: Upstream, sections: dict[str, str], report: ImportReport
) -> dict[str, HSRow]:
    """Code -> row of one edition; the TOTAL row and chapter 99 (not HS) are skipped."""
    path = _path(data_dir, upstream)
    rows: dict[str, HSRow] = {}
    numbers: dict[str, int] = {}
    read = 0
    for number, raw in read_rows(path, upstream.columns):
        read += 1
        if not any(raw.values()):
            report.skip(f"{upstream.relative}: blank row", f"row {number}")
        elif raw["hscode"] == "TOTAL" or (raw["section"], raw["hscode"][:2]) == ("TOTAL", "99"):
            report.skip(f"{upstream.relative}: {_not_hs(raw['hscode'])}", raw["hscode"])
        else:
            row = _hs_row(path, number, raw, sections)
            _require(row.code not in rows, path, number, "hscode", f"duplicate code {row.code}")
            rows[row.code], numbers[row.code] = row, number
    for row in rows.values():
        _check_parent(path, numbers[row.code], row, rows)
    _record(report, data_dir, upstream, rows=read)
    return rows


def _not_hs(code: str) -> str:
    if code == "TOTAL":
        return "TOTAL row (all commodities)"
    return "chapter 99 (UN Comtrade's 'not specified according to kind'; not an HS chapter)"


def _hs_row(path: Path, number: int, raw: dict[str, str], sections: dict[str, str]) -> HSRow:
    code = raw["hscode"]
    ok_code = code.isascii() and code.isdigit() and len(code) in (2, 4, 6)
    _require(ok_code, path, number, "hscode", f"not a 2, 4 or 6-digit code: {code!r}")
    _require(raw["level"] == str(len(code)), path, number, "level", f"{raw['level']!r} for {code}")
    _require(raw["section"] in sections, path, number, "section", f"unknown {raw['section']!r}")
    _require(bool(raw["description"]), path, number, "description", f"empty for {code}")
    expected_parent = code[:-2] if len(code) > 2 else "TOTAL"
    _require(
        raw["parent"] == expected_parent, path, number, "parent", f"expected {expected_parent}"
    )
    parent = "" if len(code) == 2 else expected_parent
    return HSRow(code, len(code), parent, raw["section"], clean_description(raw["description"]))


def _check_parent(path: Path, number: int, row: HSRow, rows: dict[str, HSRow]) -> None:
    if row.parent:
        parent = rows.get(row.parent)
        _require(parent is not None, path, number, "parent", f"{row.parent} is not in the file")
        same = parent is not None and parent.section == row.section
        _require(same, path, number, "section", f"differs from its parent {row.parent}'s")


def read_changes(
    data_dir: Path, hs2022: dict[str, HSRow], hs2017: dict[str, HSRow], report: ImportReport
) -> list[tuple[str, str, str]]:
    """(change, code, description) rows, checked against the two editions."""
    path = _path(data_dir, CHANGES)
    expected = {
        "added_in_2022": {c for c, r in hs2022.items() if r.level == 6 and c not in hs2017},
        "removed_in_2022": {c for c, r in hs2017.items() if r.level == 6 and c not in hs2022},
    }
    changes: dict[str, tuple[str, str, str]] = {}
    for number, row in read_rows(path, CHANGES.columns):
        change, code = row["change"], row["hscode"]
        _require(change in expected, path, number, "change", f"unknown change {change!r}")
        _require(code in expected[change], path, number, "hscode", f"{code} is not {change}")
        _require(code not in changes, path, number, "hscode", f"duplicate code {code}")
        _require(bool(row["description"]), path, number, "description", f"empty for {code}")
        changes[code] = (change, code, clean_description(row["description"]))
    for change, codes in sorted(expected.items()):
        missing = sorted(codes - changes.keys())
        _require(not missing, path, len(changes) + 2, "hscode", f"{change} lacks {missing[:3]}")
    _record(report, data_dir, CHANGES, rows=len(changes))
    return [changes[code] for code in sorted(changes)]


def check_descriptions_zh(path: Path, hs2022: dict[str, HSRow]) -> int:
    """Check the hand-written Chinese descriptions against HS 2022; the number of rows."""
    statuses = {status.value for status in Status}
    sources = {row[0] for row in SOURCES}
    seen: set[str] = set()
    for number, row in read_rows(path, ZH_COLUMNS):
        code = row["code"]
        _require(code in hs2022, path, number, "code", f"{code!r} is not an HS 2022 code")
        _require(code not in seen, path, number, "code", f"duplicate code {code}")
        _require(bool(row["description_zh"]), path, number, "description_zh", "empty")
        _require(row["status"] in statuses, path, number, "status", f"{row['status']!r}")
        _require(row["source_id"] in sources, path, number, "source_id", f"{row['source_id']!r}")
        seen.add(code)
    return len(seen)


def _path(data_dir: Path, upstream: Upstream) -> Path:
    path = data_dir / upstream.relative
    if not path.is_file():
        raise PackError(f"upstream file not found under {data_dir}", file=str(path))
    return path


def _record(report: ImportReport, data_dir: Path, upstream: Upstream, *, rows: int) -> None:
    sha, size = digest(data_dir / upstream.relative)
    report.upstream.append(UpstreamFile(upstream.relative, sha, size, rows, upstream.as_of))


def edition_csv(rows: dict[str, HSRow], *, same_as: dict[str, HSRow] | None = None) -> str:
    """An edition's CSV by code; with ``same_as``, texts equal to that edition's are left empty."""

    def text(row: HSRow) -> str:
        other = same_as.get(row.code) if same_as else None
        return "" if other and other.description_en == row.description_en else row.description_en

    return csv_text(HS_COLUMNS, ((*row[:4], text(row)) for _, row in sorted(rows.items())))


def sections_csv(sections: dict[str, str]) -> str:
    rows = (
        (s, roman_number(s), en, SECTIONS_ZH[roman_number(s) - 1]) for s, en in sections.items()
    )
    return csv_text(("section", "number", "description_en", "description_zh"), rows)


def import_hs(data_dir: Path, out_dir: Path) -> ImportReport:
    """Rebuild the HS files in ``out_dir`` from the upstream CSVs under ``data_dir``."""
    report = ImportReport(importer="hs_nomenclature")
    sections = read_sections(data_dir, report)
    hs2022 = read_edition(data_dir, HS2022, sections, report)
    hs2017 = read_edition(data_dir, HS2017, sections, report)
    changes = read_changes(data_dir, hs2022, hs2017, report)
    zh_file = out_dir / ZH_FILE
    zh_rows = check_descriptions_zh(zh_file, hs2022) if zh_file.is_file() else None
    for name, rows in (("hs2022", hs2022), ("hs2017", hs2017)):
        for level in (2, 4, 6):
            report.counts[f"{name} level {level}"] = sum(r.level == level for r in rows.values())
    texts = {
        "hs2022.csv": edition_csv(hs2022),
        "hs2017.csv": edition_csv(hs2017, same_as=hs2022),
        "hs2017_hs2022_changes.csv": csv_text(("change", "code", "description_en"), changes),
        "sections.csv": sections_csv(sections),
        "sources.csv": csv_text(SOURCE_COLUMNS, SOURCES),
    }
    report.files.update({name: text.count("\n") - 1 for name, text in texts.items()})
    texts["manifest.json"] = manifest_json(report)
    texts["SOURCES.md"] = sources_md(report)
    report.files.update({"manifest.json": 1, "SOURCES.md": 1})
    write_pack_files(out_dir, texts)
    if zh_rows is not None:  # after the manifest: it must not depend on the hand-written file
        report.counts[f"{ZH_FILE} rows (hand-written, checked)"] = zh_rows
    return report


NOTES = (
    "hs2017.csv leaves description_en empty where the text equals HS 2022's for the same code.",
    "Chapter 99 and the TOTAL row are UN Comtrade reporting codes, not HS: they are skipped.",
    "sections.csv: English titles as upstream (first letter capitalised); upstream titles of "
    "sections III and IV are the HS 2017 wording, the Chinese titles follow HS 2022.",
    "descriptions_zh.csv is written by hand (status estimated, source chuhai_translation) and "
    "is never generated; the import checks its codes against HS 2022.",
)


def manifest_json(report: ImportReport) -> str:
    """``manifest.json``: upstream files with checksums, outputs, counts, skips and notes."""
    by_path = {u.relative: u for u in (HS2022, HS2017, SECTIONS, CHANGES)}
    upstream = [
        u.to_dict() | {"source_id": by_path[u.path].source_id, "via": by_path[u.path].via}
        for u in report.upstream
    ]
    payload = {
        "pack": "hs",
        "builder": BUILDER,
        "licence": LICENCE,
        "upstream": upstream,
        "outputs": dict(sorted(report.files.items())),
        "counts": dict(sorted(report.counts.items())),
        "skipped": {
            reason: {"count": n, "examples": report.examples[reason]}
            for reason, n in sorted(report.skipped.items())
        },
        "corrections": CORRECTIONS,
        "notes": list(NOTES),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def sources_md(report: ImportReport) -> str:
    """``SOURCES.md``: attribution, sources, upstream checksums and notes."""
    lines = [
        "# HS nomenclature: sources and attribution",
        "",
        f"Generated by `{BUILDER}`; do not edit by hand (except `{ZH_FILE}`, which is hand-written).",
        "",
        "- HS 2022 and HS 2017 codes and English descriptions: UN Comtrade, via",
        "  [datasets/harmonized-system](https://github.com/datasets/harmonized-system),",
        "  licensed ODC-PDDL-1.0 (public domain dedication).",
        "- Chinese (简体中文) descriptions: written by the chuhai project from the WCO English texts;",
        "  not an official translation (status `estimated`, source `chuhai_translation`).",
        "",
        "## Sources",
        "",
        "| source_id | title | publisher | retrieved | licence | url |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {s} | {t} | {p} | {r or 'n/a'} | {lic} | {u} |" for s, t, u, p, r, lic in SOURCES]
    lines += ["", "## Upstream files (paths relative to the shared data folder)", ""]
    lines += upstream_md(report)
    lines += ["", "## Notes", ""] + [f"- {note}" for note in NOTES]
    lines += [f"- Corrected upstream typo: `{w}` -> `{r}`." for w, r in CORRECTIONS.items()]
    return "\n".join(lines) + "\n"


REPO_ROOT = Path(__file__).resolve().parents[3]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m chuhai.importers.hs_nomenclature [--data-dir] [--out-dir]``."""
    parser = argparse.ArgumentParser(description="Rebuild chuhai/data/hs from the upstream CSVs.")
    default_data = os.environ.get("CHUHAI_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data"
    parser.add_argument("--data-dir", type=Path, default=Path(default_data))
    parser.add_argument("--out-dir", type=Path, default=Path(__file__).parents[1] / "data" / "hs")
    args = parser.parse_args(argv)
    try:
        report = import_hs(args.data_dir, args.out_dir)
    except PackError as exc:
        print(f"hs_nomenclature: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
