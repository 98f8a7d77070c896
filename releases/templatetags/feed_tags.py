"""Feed addresses for page heads (autodiscovery) and the newsroom's "follow our releases" help."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from wagtail.models import Site

from company.models import CompanyProfile
from releases.feeds import FEED_KIND_NAMES, FEED_TYPES, feed_path, feed_title
from releases.models import Category, PressReleasePage

register = template.Library()


@dataclass(frozen=True)
class FeedLink:
    """One feed: `title` for a <link> element, `url` absolute on the site's canonical root."""

    title: str
    kind: str
    kind_name: str
    media_type: str
    url: str


def feed_links(request, category: Category | None = None) -> list[FeedLink]:
    """The RSS and Atom feeds of all releases, or of one category.

    No query: the site and the profile are kept on the request.
    """
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []  # no site answers to this host: there are no feeds either
    title = feed_title(CompanyProfile.for_request(request), category)
    slug = category.slug if category else None
    return [
        FeedLink(
            title=f"{title} ({name})",
            kind=kind,
            kind_name=name,
            media_type=FEED_TYPES[kind],
            url=site.root_url + feed_path(kind, slug),
        )
        for kind, name in FEED_KIND_NAMES.items()
    ]


@register.simple_tag(takes_context=True)
def release_feeds(context, category: Category | None = None) -> list[FeedLink]:
    """`{% release_feeds as feeds %}`, `{% release_feeds category as feeds %}`."""
    return feed_links(context.get("request"), category)


@register.simple_tag(takes_context=True)
def head_feed_links(context) -> list[FeedLink]:
    """Feeds a page advertises: all releases everywhere, plus the categories it is about.

    A release page adds the feeds of its categories; the newsroom adds the feed of
    the category it is filtered by.
    """
    request = context.get("request")
    links = feed_links(request)
    if not links:
        return links
    page = context.get("page")
    categories: list[Category] = []
    if isinstance(page, PressReleasePage):
        categories = getattr(page, "category_list", None)
        if categories is None:
            categories = page.shown_categories
    elif context.get("selected_category"):
        categories = [context["selected_category"]]
    for category in categories:
        links += feed_links(request, category)
    return links
