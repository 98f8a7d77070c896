"""Releases for the preflight's tests: a release held in memory, its company profile, and what the checks found."""

from __future__ import annotations

import datetime as dt

from wagtail.rich_text import RichText

from company.models import CompanyProfile
from releases.models import MediaContact, PressReleasePage, ReleaseContact

# Wednesday, Dec. 2, 2026, 10:30 a.m. ET: the fourth quarter of 2026.
RELEASE_AT = dt.datetime(2026, 12, 2, 15, 30, tzinfo=dt.UTC)
BOILERPLATE = "Tecogen manufactures highly efficient, ultra-clean Combined Heat and Power (CHP) products."
LEGEND = "This release contains forward-looking statements within the meaning of the PSLRA."


def tecogen(**fields) -> CompanyProfile:
    """Tecogen's company profile (Nasdaq: TGEN, market time ET), not saved."""
    values = {
        "legal_name": "Tecogen Inc.",
        "short_name": "Tecogen",
        "ticker": "TGEN",
        "exchange": "nasdaq",
        "market_time_zone": "America/New_York",
        "boilerplate": BOILERPLATE,
        "forward_looking_legend": LEGEND,
    }
    values.update(fields)
    return CompanyProfile(**values)


def media_contact() -> MediaContact:
    return MediaContact(name="Melinda Furse", organisation="Tecogen Inc.", email="melinda.furse@tecogen.com")


def release(*paragraphs: str, contacts: int = 1, blocks=(), **fields) -> PressReleasePage:
    """An unsaved release whose body is `paragraphs` (each plain text or HTML) then `blocks`, with a media contact.

    Complete and clean by default (no check finds anything); each test adds what it is about.
    """
    values = {
        "title": "Tecogen Ships Ilios Heat Pumps",
        "release_at": RELEASE_AT,
        "dateline_city": "WALTHAM",
        "dateline_state": "Massachusetts",
        "wire": "prnewswire",
        "boilerplate_heading": "About Tecogen",
        "boilerplate": BOILERPLATE,
        "source_name": "Tecogen Inc.",
        "live": False,
    }
    values.update(fields)
    body = [("paragraph", RichText(p if p.startswith("<") else f"<p>{p}</p>")) for p in paragraphs] + list(blocks)
    page = PressReleasePage(body=body or [("paragraph", RichText("<p>Tecogen today shipped units.</p>"))], **values)
    page.contacts = [ReleaseContact(contact=media_contact()) for _ in range(contacts)]
    return page


def codes(findings) -> list[str]:
    """The codes of what the checks found, in order."""
    return [finding.code for finding in findings]
