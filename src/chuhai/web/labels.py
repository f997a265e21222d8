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
