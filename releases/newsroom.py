"""The newsroom listing: `/news/` filtered by year and category, searched, and paged.

`NewsroomFilterForm` reads the query parameters (the rules and messages the newsroom has
always had) and `newsroom_listing` turns them into the page's context: the releases of one
page, the filter menus and counts (from the archive's shape, releases/listing.py), and a
search when there is a query (releases/search.py).

Why a plug point and not a call from the model: the models import nothing from the feeds,
the listings or search (those import the models, and a model importing them back is the
cycle this module ends). `NewsroomPage` stays an ordinary Wagtail page (routing, preview,
`serve`, the response cache are unchanged) and its `get_context` asks for the listing
through `NewsroomPage.listing_builder`, which `ReleasesConfig.ready()` sets to
`newsroom_listing`, once, at start-up: one explicit line that a reader (and import-linter)
sees, rather than a function-local import or a hook looked up by name. Wagtail's
`before_serve_page` hook was the other candidate; it replaces the whole response, so preview
and the page's own template context would have needed rebuilding there.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest

from company.models import CompanyProfile
from ir_site.text import printable
from releases.listing import ReleaseSequence, archive_shape
from releases.models import Category, NewsroomPage, PressReleasePage
from releases.models.pages import in_category
from releases.search import search_releases

NEWSROOM_PAGE_SIZE = 20
QUERY_MAX_LENGTH = 200


class _EchoedText(forms.Field):
    """A query parameter as printable, stripped text: it is echoed back (the form, notices, page links).

    A plain Field, not a CharField: a control character or NUL is replaced, never refused.
    """

    def __init__(self, *, max_length: int | None = None, **kwargs):
        self.max_length = max_length
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> str:
        text = printable(value or "").strip()
        return text[: self.max_length] if self.max_length else text


class NewsroomFilterForm(forms.Form):
    """The newsroom's filters: `year`, `category` (a slug among those with releases), `q` and `page`.

    An invalid year is dropped, with its notice. An unknown category is a notice too, and
    lists nothing; it stays in the page links (`filters()`), as the reader typed it.
    `page` is passed to the paginator as given: a page that is not a number is the first,
    one past the end the last.
    """

    year = _EchoedText()
    category = _EchoedText()
    q = _EchoedText(max_length=QUERY_MAX_LENGTH)
    page = forms.Field(required=False)

    def __init__(self, data, *, categories: list[Category]):
        super().__init__(data)
        self.categories = categories
        self.unknown_category = ""

    def clean_year(self) -> str:
        year = self.cleaned_data["year"]
        if year and not (year.isdigit() and 1900 <= int(year) <= 2999):
            raise ValidationError(f"“{year}” is not a year.", code="invalid")
        return year

    def clean_category(self) -> str:
        slug = self.cleaned_data["category"]
        if slug and next((c for c in self.categories if c.slug == slug), None) is None:
            self.unknown_category = slug
            raise ValidationError(f"There is no category “{slug}” with releases.", code="invalid")
        return slug

    @property
    def selected_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        return int(year) if year else None

    @property
    def selected_category(self) -> Category | None:
        slug = self.cleaned_data.get("category")
        return next((c for c in self.categories if c.slug == slug), None) if slug else None

    def filters(self) -> dict[str, str]:
        """The filters as the page links carry them (an unknown category included)."""
        values = (
            ("year", self.cleaned_data.get("year", "")),
            ("category", self.cleaned_data.get("category") or self.unknown_category),
            ("q", self.cleaned_data.get("q", "")),
        )
        return {k: v for k, v in values if v}

    def messages(self) -> list[str]:
        """The notices, year first."""
        return [message for name in ("year", "category") for message in self.errors.get(name, [])]


def newsroom_listing(newsroom: NewsroomPage, request: HttpRequest, profile: CompanyProfile) -> dict:
    """The newsroom page's context: one page of releases, filtered, searched, with its menus and counts."""
    releases = newsroom.releases().defer_streamfields()
    # Years and categories offered as filters (only those with releases), the counts and
    # where each page starts: from the archive's shape, kept in the cache (releases.listing).
    shape = archive_shape(newsroom, profile.tz)
    form = NewsroomFilterForm(request.GET, categories=shape.categories)
    form.is_valid()  # errors are notices on the page, never a refusal

    year_filter = form.selected_year
    if year_filter is not None:
        start = dt.datetime(year_filter, 1, 1, tzinfo=profile.tz)
        end = dt.datetime(year_filter + 1, 1, 1, tzinfo=profile.tz)
        releases = releases.filter(release_at__gte=start, release_at__lt=end)
    selected_category = form.selected_category
    query = form.cleaned_data["q"]
    search = None
    if form.unknown_category:
        results = releases.none()  # the unknown category is explained in a notice
    elif query:
        results = search = search_releases(releases, query, selected_category)
    else:
        if selected_category is not None:
            releases = releases.filter(in_category(selected_category))
        category_filter = selected_category.pk if selected_category is not None else None
        results = ReleaseSequence(releases, shape.buckets(year_filter, category_filter), profile.tz)

    paginator = Paginator(results, NEWSROOM_PAGE_SIZE)
    page_number = form.cleaned_data["page"]
    try:
        page_obj = paginator.page(1 if page_number is None else page_number)
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    items = list(page_obj.object_list)
    PressReleasePage.prefetch_categories(items)

    filters = form.filters()
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "releases": items,
        "years": shape.years,
        "categories": shape.categories,
        "selected_year": form.cleaned_data.get("year", ""),
        "selected_category": selected_category,
        "query": query,
        "filter_errors": form.messages(),
        "filter_querystring": urlencode(filters),
        "filters_active": bool(filters),
        "results_capped": bool(search and search.capped),
    }
