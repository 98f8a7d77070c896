"""The demo's SEC filings: the sample of EDGAR's feed in sample_data/edgar/, imported as production imports EDGAR.

No internet: the file is read, never fetched. Idempotent: once the sample has been imported,
running it again changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission

from filings.models import SAMPLE_SOURCE_PREFIX, FilingImport
from filings.services import import_feed

SAMPLE_FEED = settings.BASE_DIR / "sample_data" / "edgar" / "tecogen-filings.atom"
SAMPLE_SOURCE = f"{SAMPLE_SOURCE_PREFIX}edgar/{SAMPLE_FEED.name}"


def build_filings(groups: dict[str, Group] | None = None) -> FilingImport:
    """Import the sample feed (once); let the demo's admin groups see Admin → SEC filings (view only)."""
    record = FilingImport.objects.filter(source=SAMPLE_SOURCE, succeeded=True).order_by("-started_at").first()
    if record is None:
        record = import_feed(SAMPLE_FEED.read_bytes(), SAMPLE_SOURCE).record
    view = Permission.objects.get(content_type__app_label="filings", codename="view_filing")
    for group in (groups or {}).values():
        group.permissions.add(view)
    return record
