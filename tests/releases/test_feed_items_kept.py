"""A feed after a publish sanitizes only the new item: the others are kept per live revision.

At the release time every feed renders again for the new generation; the items it already
showed are the same releases at the same live revisions, so their sanitized HTML is reused. A
correction (a new live revision) is rendered afresh, so a feed never shows an item's old text.
"""

import datetime as dt

import pytest

from disclosure.guard import historical_record
from releases import feeds
from tests.factories import make_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(newsroom):
    return [
        make_release(
            newsroom,
            title=f"Tecogen ships order {n}",
            body_text=f"Order number {n} shipped.",
            release_at=dt.datetime(2013, 1, 1 + n, 15, tzinfo=dt.UTC),
        )
        for n in range(5)
    ]


@pytest.fixture
def sanitized(monkeypatch):
    """The release pages whose item HTML was rendered (and sanitized) afresh."""
    rendered = []
    original = feeds._render_item_html

    def counting(page, *args):
        rendered.append(page.title)
        return original(page, *args)

    monkeypatch.setattr(feeds, "_render_item_html", counting)
    return rendered


def test_after_a_publish_only_the_new_item_is_rendered(client, newsroom, five, sanitized):
    assert client.get("/news/feed/rss/").status_code == 200
    assert len(sanitized) == 5
    sanitized.clear()
    make_release(newsroom, title="Tecogen wins a contract", release_at=dt.datetime(2013, 2, 1, 15, tzinfo=dt.UTC))
    response = client.get("/news/feed/rss/")
    assert b"Tecogen wins a contract" in response.content
    assert sanitized == ["Tecogen wins a contract"]
    assert client.get("/news/feed/atom/").status_code == 200
    assert sanitized == ["Tecogen wins a contract"]  # the Atom feed shares the items' HTML


def test_a_correction_renders_its_item_afresh(client, five, sanitized):
    client.get("/news/feed/rss/")
    release = five[2]
    release.body[0] = ("paragraph", "<p>Order number 2 shipped to Boston.</p>")
    with historical_record("test fixture"):
        release.save_revision().publish()
    sanitized.clear()
    response = client.get("/news/feed/rss/")
    assert b"shipped to Boston" in response.content
    assert sanitized == ["Tecogen ships order 2"]
