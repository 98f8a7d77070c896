"""Where the EDGAR import reads its settings, with the defaults that keep `make serve` offline.

| setting | meaning | default |
|---|---|---|
| `EDGAR_CIK` | the company's Central Index Key | Tecogen Inc.'s, 0001537435 |
| `EDGAR_FEED_URL` | the Atom feed fetched | EDGAR's company feed for the CIK (below) |
| `EDGAR_CONTACT_EMAIL` | the contact in the User-Agent the SEC requires of automated access | none: no fetch |
| `EDGAR_IMPORT_ENABLED` | the task worker imports on a schedule | off |
| `EDGAR_IMPORT_SECONDS` | how often, when on | 3600 (hourly) |

The CIK is a fact about the issuer and belongs in the company profile (company.CompanyProfile)
once the profile has a field for it; until then it is a deployment setting.
"""

from __future__ import annotations

from django.conf import settings

TECOGEN_CIK = "0001537435"
# EDGAR's company filings as Atom, newest first: every form type, insiders' filings included.
COMPANY_FEED_URL = "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK={cik}&type=&dateb=&owner=include&count=40&output=atom"
# The company's filings page on EDGAR, for readers who want the complete history.
COMPANY_PAGE_URL = "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK={cik}&owner=include&count=40"
DEFAULT_INTERVAL = 60 * 60


def normalise_cik(value: str | int) -> str:
    """`1537435` → `0001537435`: EDGAR's ten-digit form. ValueError for anything that is not a CIK."""
    text = str(value).strip()
    if not text.isdigit() or not 0 < len(text) <= 10 or int(text) == 0:
        raise ValueError(f"“{text}” is not a CIK (up to ten digits).")
    return text.zfill(10)


def cik() -> str:
    return normalise_cik(getattr(settings, "EDGAR_CIK", "") or TECOGEN_CIK)


def feed_url() -> str:
    return getattr(settings, "EDGAR_FEED_URL", "") or COMPANY_FEED_URL.format(cik=cik())


def company_page_url() -> str:
    return COMPANY_PAGE_URL.format(cik=cik())


def contact_email() -> str:
    return (getattr(settings, "EDGAR_CONTACT_EMAIL", "") or "").strip()


def import_enabled() -> bool:
    return bool(getattr(settings, "EDGAR_IMPORT_ENABLED", False))


def import_interval() -> float:
    return float(getattr(settings, "EDGAR_IMPORT_SECONDS", DEFAULT_INTERVAL))
