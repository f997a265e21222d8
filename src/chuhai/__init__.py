"""chuhai (出海): landed cost, pricing, markets and compliance for cross-border e-commerce.

``chuhai.quote(...)`` is the Python entry point (see :func:`chuhai.services.quoting.quote`).
It is imported lazily so that ``import chuhai.domain`` stays free of I/O layers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chuhai.services.quoting import quote

__all__ = ["quote"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "quote":
        from chuhai.services.quoting import quote

        return quote
    raise AttributeError(f"module 'chuhai' has no attribute {name!r}")
