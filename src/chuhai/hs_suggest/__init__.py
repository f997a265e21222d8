"""HS code suggestions from a product title (Chinese or English): an offline, CPU-only
nearest-neighbour model over HMRC reference texts, the HS 2022 nomenclature and chuhai's
bilingual glossary, with calibrated abstention. Public entry point:
:func:`chuhai.hs_suggest.suggest.suggest_hs_codes`.
"""
