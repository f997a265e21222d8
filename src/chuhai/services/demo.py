"""The demo consignment ``make run`` quotes: a Jinjiang umbrella parcel on 2026-11-29.

Synthetic figures for illustration (an OEM's FOB price and courier rate), not a real order.
"""

from __future__ import annotations

from typing import Any

DEMO_DATE = "2026-11-29"
DEMO_DESTINATIONS = ("PH", "US", "DE")


def demo_consignment(destination: str) -> dict[str, Any]:
    """Two 90 cm stick umbrellas (HS 6601.99), made in CN, sent by courier to a consumer."""
    return {
        "destination": destination,
        "ship_from": "CN",
        "date": DEMO_DATE,
        "currency": "CNY",
        "mode": "courier",
        "sale_model": "b2c_direct",
        "incoterm": "DDP",
        "tax_collector": "platform",
        "freight": "95.00",
        "lines": [
            {
                "hs_code": "6601.99",
                "description": "90 cm stick umbrella, polyester canopy, fibreglass ribs",
                "origin": "CN",
                "quantity": "2",
                "unit_value": "68.00",
                "unit_weight_kg": "0.55",
            }
        ],
    }
