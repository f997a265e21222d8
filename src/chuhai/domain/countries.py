"""ISO 3166-1 country codes: alpha-2 and alpha-3 reach the same country.

Pinned from ISO 3166-1 (as published in pycountry 24.6). Each entry packs the alpha-2 code and
the alpha-3 code together ("CNCHN"). Names and Chinese names live in the country data pack.
"""

from __future__ import annotations

from chuhai.errors import UnknownCountryError

_PACKED = (
    "ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA "
    "AZAZE BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES "
    "BRBRA BSBHS BTBTN BVBVT BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK "
    "CLCHL CMCMR CNCHN COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA "
    "DODOM DZDZA ECECU EEEST EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA "
    "GAGAB GBGBR GDGRD GEGEO GFGUF GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS "
    "GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD "
    "IOIOT IQIRQ IRIRN ISISL ITITA JEJEY JMJAM JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA "
    "KPPRK KRKOR KWKWT KYCYM KZKAZ LALAO LBLBN LCLCA LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA "
    "LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ "
    "MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM NCNCL NENER NFNFK NGNGA NINIC "
    "NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG PHPHL PKPAK PLPOL PMSPM "
    "PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA SASAU SBSLB SCSYC "
    "SDSDN SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD STSTP SVSLV "
    "SXSXM SYSYR SZSWZ TCTCA TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON TRTUR "
    "TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR "
    "VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE "
)

ALPHA3_BY_ALPHA2: dict[str, str] = {entry[:2]: entry[2:] for entry in _PACKED.split()}
ALPHA2_BY_ALPHA3: dict[str, str] = {a3: a2 for a2, a3 in ALPHA3_BY_ALPHA2.items()}
# Codes in customs use that ISO reserves rather than assigns: EL for Greece in EU VAT texts,
# XI for Northern Ireland, UK for the United Kingdom.
_ALIASES = {"EL": "GR", "UK": "GB"}


def normalise_country(code: object, *, field: str = "country") -> str:
    """ISO alpha-2 for an alpha-2 or alpha-3 code (any case), naming ``field`` if unknown.

    >>> normalise_country("deu"), normalise_country("PH"), normalise_country("UK")
    ('DE', 'PH', 'GB')
    """
    if isinstance(code, str):
        key = code.strip().upper()
        key = _ALIASES.get(key, key)
        if key in ALPHA3_BY_ALPHA2:
            return key
        if key in ALPHA2_BY_ALPHA3:
            return ALPHA2_BY_ALPHA3[key]
    raise UnknownCountryError(f"unknown country code {code!r}", field=field)
