"""Records as JSON-ready dicts, the one shape the API returns and the pages read.

>>> from datetime import date
>>> from chuhai.services.command_records import DealData
>>> record_dict(DealData(match_id=1, signed_on=date(2026, 3, 1), value=Money("900.00", "CNY")))
{'match_id': 1, 'signed_on': '2026-03-01', 'value': {'amount': '900.00', 'currency': 'CNY'}, 'volume_units': None, 'notes': ''}
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime
from typing import Any

from chuhai.domain.money import Money

__all__ = ["json_value", "record_dict"]


def json_value(value: Any) -> Any:
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [json_value(item) for item in value]
    return value


def record_dict(record: Any) -> dict[str, Any]:
    """A frozen record's fields, money as ``{"amount", "currency"}``, dates as ISO text."""
    return {f.name: json_value(getattr(record, f.name)) for f in dataclasses.fields(record)}
