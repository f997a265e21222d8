"""ISO 4217 currency codes and their minor units, pinned.

Source: ISO 4217 list one (current currencies), SIX Financial Information, as amended to
amendment 178 (2024). Minor units follow ISO, not CLDR: HUF, IDR and COP keep 2 decimals
here although CLDR displays them with 0 (CLDR is for display only). Funds, metals and
testing codes (XAU, XDR, XTS...) have no minor unit and are not money here.
"""

from __future__ import annotations

from chuhai.errors import UnknownCurrencyError

_ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE = "BHD IQD JOD KWD LYD OMR TND"
_FOUR = "CLF UYW"
_TWO = (
    "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN "
    "BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP "
    "GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT "
    "LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN "
    "NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE "
    "SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES "
    "WST XCD XCG YER ZAR ZMW ZWG"
)

MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(_TWO.split(), 2),
    **dict.fromkeys(_ZERO.split(), 0),
    **dict.fromkeys(_THREE.split(), 3),
    **dict.fromkeys(_FOUR.split(), 4),
}


def get_minor_units(currency: str) -> int:
    """Decimal places of a currency's minor unit per ISO 4217.

    >>> get_minor_units("JPY"), get_minor_units("EUR"), get_minor_units("KWD")
    (0, 2, 3)
    """
    try:
        return MINOR_UNITS[currency]
    except KeyError:
        raise UnknownCurrencyError(
            f"unknown ISO 4217 currency code {currency!r}", field="currency"
        ) from None


def normalise_currency(code: object, *, field: str = "currency") -> str:
    """Upper-case and check an ISO 4217 code, naming ``field`` when it is wrong.

    >>> normalise_currency("php")
    'PHP'
    """
    if not isinstance(code, str) or code.strip().upper() not in MINOR_UNITS:
        raise UnknownCurrencyError(f"unknown ISO 4217 currency code {code!r}", field=field)
    return code.strip().upper()
