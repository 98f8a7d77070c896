"""Feed URLs. Included before Wagtail's catch-all, which would otherwise serve `/news/...`."""

from django.urls import re_path

from releases import feeds

app_name = "releases"

urlpatterns = [
    re_path(r"^news/feed/(?P<kind>rss|atom)/$", feeds.release_feed, name="feed"),
    re_path(
        r"^news/category/(?P<slug>[-a-zA-Z0-9_]+)/feed/(?P<kind>rss|atom)/$",
        feeds.release_feed,
        name="category_feed",
    ),
]
