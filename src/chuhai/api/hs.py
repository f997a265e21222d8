"""``/api/hs/suggest``: HS 2022 suggestions for a product title (the JSON twin of
``/hs/suggest``): candidates with confidence and their chapter > heading > subheading path,
the questions that would decide between them, or an abstention when the title is too vague.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from chuhai.api.deps import CurrentUser

router = APIRouter(prefix="/api/hs", tags=["hs"])


@router.get("/suggest")
def suggest(
    user: CurrentUser,
    title: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=10)] = 5,
) -> dict[str, Any]:
    """Suggest HS codes for ``title`` (Chinese or English); an empty title is a 422 naming the field."""
    from chuhai.hs_suggest.suggest import suggest_hs_codes  # loads the index on first use

    return suggest_hs_codes(title, limit=limit).to_dict()
