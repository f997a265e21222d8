"""chuhai (出海): landed cost, pricing, markets and compliance for cross-border e-commerce.

>>> from chuhai import quote
"""

from chuhai.services.quoting import quote

__all__ = ["quote"]
__version__ = "0.1.0"
