"""Rebuild ``src/chuhai/data/fx/`` from the shared upstream files (see chuhai.importers.fx_rates).

Usage: ``.venv/bin/python tools/build_fx_pack.py [--shared-data DIR] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from chuhai.errors import PackError
from chuhai.importers.fx_rates import build, write_atomically

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "src" / "chuhai" / "data" / "fx"


def default_data_dir() -> Path:
    """``$CHUHAI_SHARED_DATA``, else ``../shared/data`` beside the repository."""
    configured = os.environ.get("CHUHAI_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared-data", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        files = build(args.shared_data)
    except (PackError, OSError) as exc:
        print(f"build_fx_pack: {exc}", file=sys.stderr)
        return 1
    write_atomically(args.out, files)
    for name, content in files.items():
        print(f"{args.out / name}: {len(content)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
