"""Admin wiring: the read-only SEC filings listing (filings/admin_views.py)."""

from wagtail import hooks

from filings.admin_views import filing_viewset


@hooks.register("register_admin_viewset")
def register_filing_viewset():
    return filing_viewset
