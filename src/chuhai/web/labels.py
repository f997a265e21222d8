"""Display names of roles, industries and quote options, marked for translation.

Templates call ``_(labels.ROLES[user.role])``: the English text is the msgid.
"""

from __future__ import annotations

from chuhai.services.records import Industry, Role
from chuhai.web.i18n import N_

ROLES = {
    Role.ENTERPRISE: N_("Enterprise user"),
    Role.STAFF: N_("Service-centre staff"),
    Role.ANALYST: N_("Command-centre analyst"),
    Role.ADMIN: N_("Administrator"),
}

INDUSTRIES = {
    Industry.UMBRELLAS: N_("Umbrellas"),
    Industry.FOOTWEAR: N_("Footwear"),
    Industry.SPORTSWEAR: N_("Sportswear"),
    Industry.BAGS: N_("Bags and luggage"),
    Industry.CERAMICS: N_("Ceramics"),
    Industry.HYGIENE: N_("Hygiene products"),
    Industry.SNACKS: N_("Snacks and food"),
    Industry.OTHER: N_("Other"),
}

MODES = {"postal": N_("Postal"), "courier": N_("Courier"), "freight": N_("Freight")}

SALE_MODELS = {
    "b2c_direct": N_("Direct to consumer (B2C parcel)"),
    "b2b2c_warehouse": N_("Overseas warehouse (B2B2C)"),
    "b2b": N_("Business to business (B2B)"),
}

INCOTERMS = {"DDP": N_("DDP: seller pays duties and taxes"), "DAP": N_("DAP: buyer pays")}

TAX_COLLECTORS = {
    "platform": N_("Platform"),
    "seller": N_("Seller"),
    "border": N_("At the border"),
}

CHARGE_KINDS = {
    "duty": N_("Duty"),
    "measure": N_("Additional duty"),
    "tax": N_("Tax"),
    "fee": N_("Fee"),
    "cost": N_("Own cost"),
}

STATUSES = {
    "official": N_("official"),
    "provisional": N_("provisional"),
    "estimated": N_("estimated"),
}

ERROR_KINDS = {
    "chuhai_error": N_("Cannot do that"),
    "invalid_input": N_("Check the input"),
    "unknown_country": N_("Unknown country or market"),
    "unknown_currency": N_("Unknown currency"),
    "unknown_hs_code": N_("No tariff line for this HS code"),
    "currency_mismatch": N_("Amounts in different currencies"),
    "out_of_coverage": N_("Outside the dates the rules cover"),
    "rule_not_found": N_("No rule answers this"),
    "fx_rate_not_found": N_("No exchange rate for that date"),
    "duty_expression": N_("A duty rate chuhai cannot read"),
    "invalid_pack": N_("A rule pack failed its checks"),
    "import_rejected": N_("Nothing was imported"),
    "bad_catalogue": N_("The catalogue has bad rows"),
    "batch_unsupported": N_("The batch engine cannot evaluate this rule exactly"),
    "not_found": N_("Not found"),
    "conflict": N_("Already exists"),
    "access_denied": N_("Not allowed"),
    "not_signed_in": N_("Please sign in"),
    "invalid_credentials": N_("Wrong e-mail or password"),
    "too_many_attempts": N_("Too many attempts: wait a while"),
    "forbidden": N_("Not allowed"),
}
"""A headline per error code, in the page's language; the detail after it stays English
(the services word it, see docs/i18n.md)."""


def error_kind(error: object) -> str:
    """The untranslated headline of an error or its JSON twin (its code's, else generic).

    >>> from chuhai.errors import OutOfCoverage
    >>> error_kind(OutOfCoverage("2030")), error_kind({"code": "not_found"}), error_kind(None)
    ('Outside the dates the rules cover', 'Not found', 'Cannot do that')
    """
    code = error.get("code") if isinstance(error, dict) else getattr(error, "code", None)
    return ERROR_KINDS.get(str(code), ERROR_KINDS["chuhai_error"])
