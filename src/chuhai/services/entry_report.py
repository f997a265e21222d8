"""A market entry report for one product: the market x channel matrix, what each market asks of
the seller, the packs' notes and the quotes' warnings, every source with its licence, and the
pack versions and date it rests on.

Compliance comes from :func:`chuhai.services.compliance.compliance_checklist`; a market it
cannot answer for keeps the reason. The report is data: the web renders it as HTML and PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chuhai.domain.compliance import Checklist
from chuhai.errors import ChuhaiError
from chuhai.rules.registry import get_pack
from chuhai.services import firms, products
from chuhai.services.compliance import compliance_checklist
from chuhai.services.market_matrix import MarketMatrix, MatrixQuery, matrix_for_product
from chuhai.services.ports import UnitOfWork
from chuhai.services.records import Firm, User

__all__ = ["EntryReport", "MarketNotes", "build_entry_report"]


@dataclass(frozen=True)
class MarketNotes:
    """What a market asks of the seller, and what its quotes left out or warned about."""

    market: str
    checklist: Checklist | None
    checklist_error: ChuhaiError | None
    pack_notes: tuple[str, ...]  # the pack's quote notes (what its quotes leave out)
    warnings: tuple[str, ...]  # the quotes' warnings, once each

    def to_dict(self) -> dict[str, Any]:
        return {
            "market": self.market,
            "compliance": self.checklist.to_dict() if self.checklist else None,
            "compliance_error": self.checklist_error.to_dict() if self.checklist_error else None,
            "pack_notes": list(self.pack_notes),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class EntryReport:
    firm: Firm
    matrix: MarketMatrix
    markets: tuple[MarketNotes, ...]

    def fee_sources(self) -> list[str]:
        """Where the channel fees come from (the commerce fee pack's attributions), once each."""
        found: dict[str, None] = {}
        for cell in self.matrix.cells():
            if cell.result is not None:
                lines = cell.result.solution.waterfall.lines
                found.update(dict.fromkeys(ln.source for ln in lines if ln.group == "channel"))
        return sorted(found)

    def to_dict(self) -> dict[str, Any]:
        matrix = self.matrix.to_dict()
        return {
            "firm": {"id": self.firm.id, "name": self.firm.name, "name_zh": self.firm.name_zh,
                     "is_demo": self.firm.is_demo},
            "product": matrix.pop("product"),
            "query": matrix.pop("query"),
            "date": self.matrix.query.as_of.isoformat(),
            "pack_versions": matrix.pop("pack_versions"),
            "sources": matrix.pop("sources"),
            "fee_sources": self.fee_sources(),
            "matrix": matrix,
            "markets": [m.to_dict() for m in self.markets],
        }  # fmt: skip


def _market_notes(matrix: MarketMatrix, market: str) -> MarketNotes:
    as_of, hs_code = matrix.query.as_of, matrix.product.hs_code
    checklist, failure = None, None
    try:
        checklist = compliance_checklist(market=market, hs_code=hs_code, as_of=as_of)
    except ChuhaiError as error:
        failure = error
    try:
        notes = tuple(n for member in get_pack(market).lineage() for n in member.header.quote_notes)
    except ChuhaiError:
        notes = ()
    row = next(r for r in matrix.rows if r.market == market)
    warnings = dict.fromkeys(
        w.message for cell in row.cells if cell.quote for w in cell.quote.warnings
    )
    return MarketNotes(market, checklist, failure, notes, tuple(warnings))


def build_entry_report(
    uow: UnitOfWork, user: User, *, firm_id: int, product_id: int, query: MatrixQuery
) -> EntryReport:
    """The report on one of the firm's products, if ``user`` may see the firm."""
    firm = firms.get_firm(uow, user, firm_id)
    record = products.get_product(uow, user, firm_id=firm_id, product_id=product_id)
    matrix = matrix_for_product(record, query)
    notes = tuple(_market_notes(matrix, market) for market in query.markets)
    return EntryReport(firm, matrix, notes)
