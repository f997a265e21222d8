"""Reading consignments from JSON or YAML files, keeping numbers exact."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from chuhai.errors import InputError


class _ExactLoader(yaml.SafeLoader):
    """A YAML loader that reads decimal numbers as Decimal, never float."""


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    return Decimal(str(loader.construct_scalar(node)))  # type: ignore[arg-type]


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def load_document(path: Path) -> Any:
    """A JSON or YAML document, numbers as Decimal; errors name the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text, parse_float=Decimal)
        return yaml.load(text, Loader=_ExactLoader)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"not valid JSON/YAML: {exc}", file=str(path)) from None
