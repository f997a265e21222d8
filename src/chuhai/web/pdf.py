"""HTML to PDF with WeasyPrint: Chinese through the system's Noto CJK fonts, nothing fetched.

Only ``data:`` URLs are read (the inlined chart), so rendering a report never reaches out to
the network or the file system, whatever its links point to.
"""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document (styles inline, images as data URLs)."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # slow import: only when asked
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    fetcher = URLFetcher(allowed_protocols=("data",))
    document: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return document
