"""Property: whatever a release contains, its feeds are well-formed, parse cleanly and carry nothing executable."""

from __future__ import annotations

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from disclosure.guard import historical_record
from releases.models import PressReleasePage
from tests.factories import make_release
from tests.sanitizer_corpus import FRAGMENTS
from tests.test_sanitize import assert_inert

pytestmark = pytest.mark.django_db

NS = {"content": "http://purl.org/rss/1.0/modules/content/", "atom": "http://www.w3.org/2005/Atom"}

# Release text as it may arrive programmatically (imports, shell, fixtures) is stored
# as given, so the feed itself must make it safe.
# NUL is left out: PostgreSQL cannot store it in text or JSON, and the wire importer refuses it as binary.
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
markup = st.lists(
    st.one_of(st.sampled_from([f for f in FRAGMENTS if "\x00" not in f]), text), min_size=1, max_size=6
).map("".join)
# Headlines are one line of plain text (ir_site.text): no controls, no line or paragraph separators.
title_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60
).filter(lambda t: t.strip())


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=title_text, subheadline=title_text, body=markup)
def test_any_release_content_yields_a_safe_valid_feed(client, newsroom, title, subheadline, body):
    """RSS and Atom stay well-formed XML, parse without bozo, and the item HTML as served is inert."""
    PressReleasePage.objects.all().delete()
    page = make_release(newsroom, title=title, subheadline=subheadline, slug="any-release", publish=False)
    page.body = [("paragraph", body)]
    with historical_record("test fixture"):
        page.save_revision().publish()
    for url in ("/news/feed/rss/", "/news/feed/atom/"):
        response = client.get(url)
        assert response.status_code == 200
        root = etree.fromstring(response.content)  # well-formed XML or raises
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert len(parsed.entries) == 1
        # The HTML exactly as served (feedparser would sanitize it once more itself).
        served = root.xpath("//content:encoded | //atom:entry/atom:content", namespaces=NS)
        assert len(served) == 1
        assert_inert(served[0].text or "")
