"""Newsroom search (releases/search.py): the same results as Wagtail's search, newest first, by the cheaper plan.

A rare word takes the releases of its index entries; a common one walks the newest releases and
checks each. PROBE and COUNT_CAP are made tiny here so that a handful of releases exercises both
plans, the "more than" count and the fallback to Wagtail's own search.
"""

import datetime as dt
import re

import pytest

from releases import search
from releases.models import Category
from tests.factories import CategoryFactory, make_release

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(r'class="release-summary__title"><a [^>]*>([^<]+)</a>', response.content.decode())


def count_line(response) -> str:
    return re.search(r'<p class="result-count"[^>]*>([^<]+)</p>', response.content.decode()).group(1)


@pytest.fixture
def corpus(newsroom):
    """Twelve releases with "turbine" (eight also "financing"), two with "placement", a draft and a withdrawal."""
    financing = CategoryFactory(name="Financing", slug="financing")
    for i in range(12):
        make_release(
            newsroom,
            title=f"Turbine order {i:02d}",
            body_text="A turbine order." + (" Placement of shares." if i in (3, 9) else ""),
            release_at=dt.datetime(2012 + i % 3, 1 + i, 2, 15, tzinfo=dt.UTC),
            categories=[financing] if i < 8 else [],
        )
    make_release(
        newsroom,
        title="Embargoed turbine merger",
        body_text="A turbine merger.",
        publish=False,
        release_at=dt.datetime(2031, 1, 5, 15, tzinfo=dt.UTC),
    )
    make_release(newsroom, title="Withdrawn turbine", body_text="turbine").unpublish()
    return financing


def expected(newsroom, word, year=None, category=None) -> list[str]:
    """What Wagtail's own search says, newest first."""
    releases = newsroom.releases()
    if year:
        releases = releases.filter(release_at__year=year)
    if category:
        releases = releases.filter(pk__in=Category.objects.get(slug=category).releases.values("pk"))
    return [r.title for r in releases.search(word, order_by_relevance=False)]


@pytest.mark.parametrize(("probe", "plan"), [(1000, "rare word"), (2, "common word")])
@pytest.mark.parametrize(
    "params",
    [
        {"q": "turbine"},
        {"q": "placement"},
        {"q": "turbine", "year": "2013"},
        {"q": "turbine order", "category": "financing"},
    ],
)
def test_results_are_wagtails_newest_first(client, newsroom, corpus, monkeypatch, probe, plan, params):
    monkeypatch.setattr(search, "PROBE", probe)
    got = titles(client.get("/news/", params))
    want = expected(newsroom, params["q"], params.get("year"), params.get("category"))
    assert got == want
    assert want, "the search finds something"
    assert "Embargoed turbine merger" not in got and "Withdrawn turbine" not in got
    assert count_line(client.get("/news/", params)).startswith(f"{len(want)} release")


def test_a_common_word_over_the_cap_says_more_than(client, newsroom, corpus, monkeypatch):
    monkeypatch.setattr(search, "PROBE", 6)
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    response = client.get("/news/", {"q": "turbine"})
    assert count_line(response).startswith("More than 5 releases match")
    assert titles(response) == expected(newsroom, "turbine")[:5]


def test_an_embargoed_match_moves_no_count(client, newsroom, corpus, monkeypatch):
    """A draft that matches is an index entry, never a result, and never changes what the count says."""
    for probe, cap in ((1000, 1000), (2, 1000), (6, 5)):
        monkeypatch.setattr(search, "PROBE", probe)
        monkeypatch.setattr(search, "COUNT_CAP", cap)
        before = count_line(client.get("/news/", {"q": "turbine"}))
        for n in range(3):
            make_release(
                newsroom,
                title=f"Secret turbine {n}",
                body_text="turbine",
                publish=False,
                release_at=dt.datetime(2032, 1, 5 + n, 15, tzinfo=dt.UTC),
            )
        assert count_line(client.get("/news/", {"q": "turbine"})) == before
        assert client.get("/news/", {"q": "merger"}).content.decode().count("release-summary__title") == 0


def test_another_backend_falls_back_to_wagtails_search(client, newsroom, corpus, monkeypatch):
    monkeypatch.setattr(search._Matcher, "supported", lambda self: False)
    params = {"q": "turbine", "category": "financing"}
    assert titles(client.get("/news/", params)) == expected(newsroom, "turbine", category="financing")


def test_words_the_index_has_never_seen_find_nothing(client, newsroom, corpus):
    response = client.get("/news/", {"q": "zanzibarite"})
    assert titles(response) == []
    assert count_line(response).startswith("0 releases")
