"""The SEC filings list and its feed. Included before Wagtail's catch-all (ir_site/urls.py)."""

from django.urls import path

from filings import feeds, views

app_name = "filings"

urlpatterns = [
    path("filings/", views.filing_list, name="list"),
    path("filings/feed/rss/", feeds.filing_feed, name="feed"),
]
