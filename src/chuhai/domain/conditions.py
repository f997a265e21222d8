"""Whether a rule's conditions hold for a consignment, or for one of its lines."""

from __future__ import annotations

from chuhai.domain.consignment import Consignment, Line
from chuhai.domain.rule_schema import Condition


def route_matches(condition: Condition, consignment: Consignment) -> bool:
    """Mode, transport, sale model, tax collector, incoterm and ship-from all fit."""
    checks = (
        (condition.modes, consignment.mode),
        (condition.transports, consignment.transport_or_default),
        (condition.sale_models, consignment.sale_model),
        (condition.tax_collectors, consignment.tax_collector),
        (condition.incoterms, consignment.incoterm),
        (condition.ship_from, consignment.ship_from),
    )
    if any(allowed and value not in allowed for allowed, value in checks):
        return False
    return consignment.ship_from not in condition.ship_from_except


def origin_matches(condition: Condition, origin: str) -> bool:
    if condition.origins and origin not in condition.origins:
        return False
    return origin not in condition.origins_except


def consignment_matches(condition: Condition, consignment: Consignment) -> bool:
    """The route fits and every line's origin fits (one CN line spoils a CN-excluding regime)."""
    return route_matches(condition, consignment) and all(
        origin_matches(condition, line.origin) for line in consignment.lines
    )


def line_matches(condition: Condition, consignment: Consignment, line: Line) -> bool:
    return route_matches(condition, consignment) and origin_matches(condition, line.origin)


def hs_matches(hs_code: str, prefixes: list[str] | frozenset[str]) -> bool:
    """True when the code starts with any prefix (an empty list matches nothing).

    >>> hs_matches("6601990000", ["6601"]), hs_matches("6402", ["640299"])
    (True, False)
    """
    return any(hs_code.startswith(prefix) for prefix in prefixes)
