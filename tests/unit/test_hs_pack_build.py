"""The shipped HS suggestion pack is what its builder makes: rebuilt byte for byte."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_hs", ROOT / "tools/build_hs_suggest_pack.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_pack_rebuilds_byte_identically() -> None:
    builder = _builder()
    data_dir = builder.default_data_dir()
    if not (data_dir / builder.FPO).is_dir():
        pytest.skip(f"no HMRC FPO data under {data_dir}")
    for path, content in builder.build(data_dir).items():
        shipped = path.read_bytes()
        rebuilt = content if isinstance(content, bytes) else content.encode("utf-8")
        assert rebuilt == shipped, path.name
