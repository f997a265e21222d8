"""Read a scenario from YAML; errors name the file and the field.

The file holds one scenario (see :mod:`chuhai.domain.scenario` and docs/cli.md)::

    name: us-cn-54
    description: US additional duty on CN origin 54% from 2027-01-01
    coverage_to: 2027-07-01
    operations:
      - op: add
        pack: US
        from: 2027-01-01
        rule: {id: us_cn_extra_54, kind: measure, measure: cn_extra, group: cn_extra,
               label: "Additional duty on CN origin", expression: "54%",
               when: {origins: [CN]}}

Numbers must be quoted strings ("0.19"): a bare 0.19 is a float and is refused, as in packs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from chuhai.domain.scenario import Scenario
from chuhai.errors import InputError

__all__ = ["load_scenario", "parse_scenario"]


def load_scenario(path: Path) -> Scenario:
    """The scenario in the YAML file ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read scenario: {exc.strerror}", file=str(path)) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", file=str(path)) from None
    return parse_scenario(data, file=str(path))


def parse_scenario(data: Any, *, file: str | None = None) -> Scenario:
    """Validate a mapping into a :class:`Scenario`, naming the field on error.

    >>> parse_scenario({"name": "x", "operations": []})
    Traceback (most recent call last):
    ...
    chuhai.errors.InputError: field 'operations': List should have at least 1 item after validation, not 0
    """
    if not isinstance(data, dict):
        raise InputError("a scenario file holds one mapping (name, operations)", file=file)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(part) for part in first["loc"] if not _is_union_tag(part)]
        message = first["msg"].removeprefix("Value error, ")
        raise InputError(message, field=".".join(loc) or None, file=file) from None
    except InputError as exc:
        exc.file = file
        raise


def _is_union_tag(part: int | str) -> bool:
    return part in ("add", "override", "remove", "tariff")
