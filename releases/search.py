"""Newsroom search, newest first, at a cost that does not grow with the archive.

Wagtail's database search backends answer "which releases match?" by joining every matching
index entry to the releases, then counting and sorting them all: a word in most releases costs
a pass over most of the archive (3 s at 100k releases on SQLite). The newsroom wants the newest
20 matches and how many there are, so it asks the same index (Wagtail's, kept by Wagtail's
signal handlers and our publisher) in the order that suits the word:

- First, how many index entries match, counting no further than PROBE, from the full-text
  index alone (FTS5 on SQLite, the GIN index on PostgreSQL): cheap, and bounded.
- Fewer than PROBE: a rare word. The releases among them that the public may see are the
  results, counted exactly and sorted by release time.
- PROBE or more: a common word. The releases are walked newest first on the release-time index
  and each is checked against the index entry for it, so the first page stops after about
  20 ÷ (share of releases that match) checks. The count is exact up to COUNT_CAP; above it the
  newsroom says "more than 500" and pages through the newest 500 (25 pages; add a word or
  choose a year for older ones). Both plans do a bounded amount of work, so a search costs
  about the same in a small archive and a large one.

Counts only ever include live public releases: an embargoed draft that matches is an index
entry but never a result, and never moves a count (the "more than" figure is a fixed number).
Any other backend (or a query the full-text syntax cannot express) falls back to Wagtail's own
search, which is correct, just slower.

The query is reduced to plain words first (`search_words`), once, for both plans and the
fallback: whatever a reader types answers like any search, never with a database error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.db.models import CharField, Exists, F, IntegerField, OuterRef
from django.db.models.functions import Cast

from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from releases.models import PressReleasePage
from releases.models.pages import in_category

PROBE = 600
COUNT_CAP = 500

# What no word contains and the backends cannot take. A double quote: modelsearch writes each
# word into SQLite's FTS5 query as "word" without doubling the quotes inside, so `"` or `a"b`
# is an FTS5 syntax error ("unterminated string"), and so is a NUL. PostgreSQL refuses NUL in
# any text parameter ("PostgreSQL text fields cannot contain NUL"). Control characters and
# line separators are never part of a word either. Both tokenizers split words at all of
# these, so replacing them by a space finds what the index holds for the same text.
_NOT_IN_WORDS = re.compile(r'[\x00-\x1f\x7f-\x9f\u2028\u2029"]+')


def search_words(query: str) -> str:
    """The query as the plain, space-separated words the full-text backends accept ("" if none)."""
    return " ".join(_NOT_IN_WORDS.sub(" ", query).split())


@dataclass
class SearchListing:
    """What the newsroom shows: the results (sliceable, newest first) and how many there are."""

    results: object  # a queryset or Wagtail search results, newest first
    count: int
    capped: bool = False  # count is COUNT_CAP and more match

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        return list(self.results[index])


class _Matcher:
    """The backend's full-text condition for one query, on Wagtail's own index tables."""

    def __init__(self, releases, query: str):
        self.backend = get_search_backend()
        self.content_type = ContentType.objects.get_for_model(PressReleasePage)
        self.compiler = self.backend.query_compiler_class(releases, query, order_by_relevance=False)
        self.vendor = connection.vendor

    def supported(self) -> bool:
        module = type(self.backend).__module__
        return (self.vendor, module.rsplit(".", 1)[-1]) in (("sqlite", "sqlite"), ("postgresql", "postgres"))

    def _sqlite_fts(self):
        # Imported only when SQLite answers: these modules belong to one database backend.
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        compiler = self.compiler
        query = normalize(compiler.query)
        search_query = compiler.build_search_query(query, config=compiler.get_config(self.backend))
        return SQLiteFTSIndexEntry.objects.filter(MatchExpression(compiler.FTS_TABLE_FIELDS, search_query))

    def _pg_entries(self):
        compiler = self.compiler
        search_query = compiler.build_tsquery(compiler.query, config=compiler.get_config(self.backend))
        vector = F("title")._combine(F("body"), "||", False)  # as Wagtail's own query combines them
        return IndexEntry.objects.annotate(_vector_=vector).filter(_vector_=search_query)

    def _entry_ids(self):
        """Subquery: ids of the matching index entries (any state: filtered later)."""
        if self.vendor == "sqlite":
            return self._sqlite_fts().values("pk")  # the FTS rowid is the index entry's id
        return self._pg_entries().filter(content_type=self.content_type).values("pk")

    def count_entries(self, limit: int) -> int:
        """How many index entries match, counting no further than `limit` (one cheap query)."""
        return self._entry_ids()[:limit].count()

    def release_ids(self, limit: int | None = None):
        """Subquery: the release ids of (at most `limit` of) the matching index entries."""
        entry_ids = self._entry_ids() if limit is None else self._entry_ids()[:limit]
        return (
            # The content type as an expression, not the column: with its index SQLite scans
            # every entry of the type to test membership instead of looking the ids up.
            IndexEntry.objects.annotate(type_id=F("content_type_id") + 0, release_id=Cast("object_id", IntegerField()))
            .filter(pk__in=entry_ids, type_id=self.content_type.pk)
            .values("release_id")
        )

    def matches_outer_release(self) -> Exists:
        """EXISTS: the outer query's release has a matching index entry."""
        object_id = Cast(OuterRef("pk"), CharField())
        if self.vendor == "sqlite":
            return Exists(
                self._sqlite_fts().filter(index_entry__content_type=self.content_type, index_entry__object_id=object_id)
            )
        return Exists(self._pg_entries().filter(content_type=self.content_type, object_id=object_id))


def search_releases(releases, query: str, category=None) -> SearchListing:
    """Live public releases among `releases` (in `category`, if given) that match `query`, newest first."""
    query = search_words(query)
    if not query:  # nothing a word is made of (`"`, a NUL): nothing matches
        return SearchListing(releases.none(), 0)
    matcher = _Matcher(releases, query)
    in_scope = releases.filter(in_category(category)) if category is not None else releases
    if matcher.supported():
        try:
            found = matcher.count_entries(PROBE + 1)
        except DatabaseError:
            found = None  # a query the full-text syntax refuses: Wagtail's own search copes
        if found is not None and found <= PROBE:  # a rare word: all its releases at once
            results = in_scope.filter(pk__in=matcher.release_ids())
            return SearchListing(results, results.count())
        if found is not None:  # a common word: walk the newest releases, check each
            results = in_scope.filter(matcher.matches_outer_release())
            # Those of the probe that the public may see are a lower bound: often enough.
            if in_scope.filter(pk__in=matcher.release_ids(PROBE)).count() >= COUNT_CAP:
                return SearchListing(results, COUNT_CAP, capped=True)
            count = results[: COUNT_CAP + 1].count()
            return SearchListing(results, min(count, COUNT_CAP), capped=count > COUNT_CAP)
    # Wagtail's own search (its backends filter on pk__in, not EXISTS).
    if category is not None:
        releases = releases.filter(pk__in=PressReleasePage.objects.filter(categories=category).values("pk"))
    results = releases.search(query, order_by_relevance=False)
    return SearchListing(results, results.count())
