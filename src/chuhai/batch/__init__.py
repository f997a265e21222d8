"""The vectorised batch engine: catalogue x markets x channels x scenarios, exact to the cent.

It evaluates the same rule packs as the itemised engine (:mod:`chuhai.domain.landed_cost`)
with Polars over tables of integer minor units, and agrees with it to the minor unit; a rule
it cannot evaluate exactly raises :class:`UnsupportedRuleError`.

>>> import polars as pl
>>> from datetime import date
>>> catalogue = pl.DataFrame({"sku": ["UMB-1"], "hs_code": ["6601.99"], "origin": ["CN"],
...                           "unit_value": ["20.00"], "currency": ["EUR"], "quantity": ["2"]})
>>> request = BatchRequest(markets=["DE"], channels=[get_channel("courier_b2c_platform")],
...                        as_of=date(2026, 11, 29))
>>> result = calculate_batch(catalogue, request)
>>> result.select("market", "regime", "landed_total_amount_minor").row(0)
('DE', 'eu_ioss_3eur', 5260)
"""

from chuhai.batch.catalogue import BadRow, CatalogueError
from chuhai.batch.channels import CHANNELS, Channel, get_channel
from chuhai.batch.engine import OUTPUT_SCHEMA
from chuhai.batch.plan import UnsupportedRuleError
from chuhai.batch.report import DIFF_SCHEMA
from chuhai.batch.runner import BatchEngine, BatchReport, BatchRequest, calculate_batch, run_batch

__all__ = [
    "CHANNELS",
    "DIFF_SCHEMA",
    "OUTPUT_SCHEMA",
    "BadRow",
    "BatchEngine",
    "BatchReport",
    "BatchRequest",
    "CatalogueError",
    "Channel",
    "UnsupportedRuleError",
    "calculate_batch",
    "get_channel",
    "run_batch",
]
