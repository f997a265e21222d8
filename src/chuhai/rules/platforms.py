"""The shipped platform directory: 100 platform sites, read once on first use.

Rebuilt by :mod:`chuhai.importers.platforms` from the hand-researched ``platforms.csv``;
every site keeps its sources, source status, confidence and the date its fees were known.

>>> site = get_platform_site(47)
>>> site.site, site.markets, site.accepts_cn, site.livestream
('Shopee PH (cross-border via CNSC)', ('PH',), 'yes', 'yes')
>>> len(list_platform_sites()) >= 70
True
"""

from __future__ import annotations

import csv
import functools
import io
from importlib.resources import files

from chuhai.domain.platform_matching import PlatformSite
from chuhai.errors import NotFoundError

__all__ = ["get_platform_site", "list_platform_sites"]


def _site(row: dict[str, str]) -> PlatformSite:
    return PlatformSite(
        id=int(row["id"]),
        platform=row["platform"],
        site=row["site"],
        markets=tuple(row["markets"].split()),
        global_reach=row["global_reach"] == "yes",
        markets_text=row["markets_text"],
        region=row["region"],
        model=row["model"],
        business_model=row["business_model"],
        accepts_cn=row["accepts_cn"],
        cn_onboarding_notes=row["cn_onboarding_notes"],
        fulfilment_options=row["fulfilment_options"],
        livestream=row["livestream"],
        livestream_notes=row["livestream_notes"],
        languages=row["languages"],
        listing_api=row["listing_api"],
        status_notes=row["status_notes"],
        confidence=row["confidence"],
        confidence_text=row["confidence_text"],
        source_status=row["source_status"],
        sources=row["sources"],
        fee_as_of=row["fee_as_of"],
    )


@functools.cache
def _sites() -> tuple[PlatformSite, ...]:
    text = files("chuhai").joinpath("data", "platforms", "platforms.csv").read_text("utf-8")
    return tuple(_site(row) for row in csv.DictReader(io.StringIO(text)))


def list_platform_sites() -> list[PlatformSite]:
    """Every site of the directory, by id."""
    return list(_sites())


def get_platform_site(site_id: int) -> PlatformSite:
    """One site by its directory id (the row number of the research file)."""
    for site in _sites():
        if site.id == site_id:
            return site
    raise NotFoundError(f"no platform site with id {site_id}", field="platform")
