"""Display names of the command centre's codes, marked for translation (the English is the msgid).

Templates call ``_(cl.TRADE_MODES[key])``; :data:`REASONS` turn a matchmaking reason (code and
facts) into a sentence in the reader's language.
"""

from __future__ import annotations

from typing import Any

from chuhai.web.i18n import N_

TRADE_MODES = {
    "general": N_("General trade (0110)"),
    "9610": N_("Cross-border B2C parcels (9610)"),
    "9710": N_("Cross-border B2B direct export (9710)"),
    "9810": N_("Cross-border export to overseas warehouses (9810)"),
}

INDUSTRIES = {
    "footwear_sportswear": N_("Footwear and sportswear"),
    "apparel": N_("Apparel"),
    "umbrellas": N_("Umbrellas"),
    "bags": N_("Bags and luggage"),
    "ceramics": N_("Ceramics"),
    "hygiene": N_("Hygiene products"),
    "snacks": N_("Snacks and food"),
    "other": N_("Other"),
}

REGIONS = {
    "north_america": N_("North America"),
    "eu": N_("European Union"),
    "other_europe": N_("Other Europe"),
    "southeast_asia": N_("Southeast Asia"),
    "east_asia": N_("East Asia"),
    "south_central_asia": N_("South and Central Asia"),
    "middle_east": N_("Middle East"),
    "africa": N_("Africa"),
    "latin_america": N_("Latin America"),
    "oceania": N_("Oceania"),
    "other": N_("Other"),
}

LEVELS = {
    "low": N_("unconcentrated"),
    "moderate": N_("moderately concentrated"),
    "high": N_("highly concentrated"),
}

EVENT_KINDS = {
    "seminar": N_("Seminar"),
    "buyer_visit": N_("Buyer visit"),
    "trade_fair": N_("Trade fair"),
    "online_matchmaking": N_("Online matchmaking"),
}

STAGES = {
    "suggested": N_("Suggested"),
    "contacted": N_("Contacted"),
    "met": N_("Met"),
    "deal": N_("Deal"),
}

SESSION_STATUSES = {"planned": N_("Planned"), "done": N_("Done"), "cancelled": N_("Cancelled")}

REASONS = {
    "category": N_("buys HS %(hs)s (%(industry)s) in %(market)s"),
    "market_exports": N_("where this firm already exports"),
    "market_region": N_("a new country in a region where this firm exports"),
    "market_new": N_("a market this firm does not export to yet"),
    "capacity_within": N_(
        "volume %(volume)s units/yr within its capacity (%(spare)s units/yr spare)"
    ),
    "capacity_exceeds": N_(
        "volume %(volume)s units/yr exceeds its spare capacity (%(spare)s units/yr)"
    ),
    "capacity_unknown": N_("capacity or volume not known"),
    "history_event": N_("met at the %(event)s"),
    "history_meeting": N_("met before on %(date)s"),
    "history_deal": N_("did business before"),
}


CLAUSE = N_("%(buys)s %(where)s")
SEPARATOR = N_("; ")


def explain(
    reasons: list[dict[str, Any]],
    gettext: Any,
    country: Any,
    events: dict[str, str] | None = None,
) -> str:
    """A suggestion's reasons as one sentence in the reader's language (``events`` maps an
    event's English title to the reader's)."""
    parts: list[str] = []
    for reason in reasons:
        params = dict(reason.get("params", {}))
        if "industry" in params:
            key = params["industry"].replace(" & ", "_")
            params["industry"] = gettext(INDUSTRIES.get(key, key))
        if "market" in params:
            params["market"] = country(params["market"])
        if "event" in params and events:
            params["event"] = events.get(params["event"], params["event"])
        text = gettext(REASONS[reason["code"]]) % params
        if reason["code"].startswith("market_") and parts:
            parts[-1] = gettext(CLAUSE) % {"buys": parts[-1], "where": text}
        else:
            parts.append(text)
    return str(gettext("Matches: %(reasons)s")) % {"reasons": gettext(SEPARATOR).join(parts)}
