"""``/api/hs/suggest``: HS 2022 suggestions for a product title (the JSON twin of
``/hs/suggest``): candidates with confidence and their chapter > heading > subheading path,
the questions that would decide between them, or an abstention when the title is too vague.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from chuhai.api.deps import CurrentUser
from chuhai.errors import InputError

router = APIRouter(prefix="/api/hs", tags=["hs"])


@router.get("/suggest")
def suggest(
    user: CurrentUser,
    title: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=10)] = 5,
    market: Annotated[str | None, Query(max_length=3)] = None,
    on: Annotated[date | None, Query(alias="date")] = None,
) -> dict[str, Any]:
    """Suggest HS codes for ``title`` (Chinese or English); an empty title is a 422 naming the
    field. With ``market`` and ``date``, each candidate lists that market's national lines."""
    from chuhai.hs_suggest.suggest import suggest_hs_codes  # loads the index on first use

    payload = suggest_hs_codes(title, limit=limit).to_dict()
    if market is None:
        return payload
    if on is None:
        raise InputError("give the date of the rates (YYYY-MM-DD)", field="date")
    from chuhai.services.national_lines import with_national_lines

    return with_national_lines(payload, market, as_of=on)
