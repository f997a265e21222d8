"""Rebuild the generated files of the shipped packs from the published upstream files.

Usage::

    .venv/bin/python tools/build_packs.py [--data-dir DIR] [--packs-dir DIR] [SOURCE ...]

Runs every importer of :mod:`chuhai.importers` (or only the SOURCEs named: us_hts,
us_section301, ukgt, eu_cet, jp_tariff, eu_vat) over the shared data directory (default
``$CHUHAI_SHARED_DATA``, else ``../shared/data`` beside the repository) and writes into
``src/chuhai/data/packs``. The output is deterministic: a second run is byte-identical. A
malformed upstream row stops the importer with an error naming file, row and field, and
leaves that pack's files as they were.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from chuhai.errors import PackError
from chuhai.importers import IMPORTERS

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PACKS = REPO_ROOT / "src" / "chuhai" / "data" / "packs"


def default_data_dir() -> Path:
    """``$CHUHAI_SHARED_DATA`` if set, else ``../shared/data`` relative to the repository."""
    configured = os.environ.get("CHUHAI_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sources", nargs="*", choices=[[], *IMPORTERS], metavar="SOURCE")
    parser.add_argument("--data-dir", type=Path, default=None, help="shared data directory")
    parser.add_argument("--packs-dir", type=Path, default=DEFAULT_PACKS, help="packs directory")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or default_data_dir()
    if not data_dir.is_dir():
        print(f"no shared data directory at {data_dir}", file=sys.stderr)
        return 2
    for name in args.sources or IMPORTERS:
        try:
            report = IMPORTERS[name](data_dir, args.packs_dir)
        except PackError as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            return 1
        print(report.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
