"""Build a large release archive fast: N live releases over 15 years in several categories.

Wagtail creates pages one by one (tree paths, revisions, signals); for 100k releases that
takes hours. Here the rows are written in bulk as Wagtail would have left them for releases
loaded as published history: page rows with their materialised tree paths, the release rows,
category links and search index entries. No revisions, no log entries (these are benchmark
data, not disclosures), and the Disclosure Policy guard is not involved (it watches saves).

    python manage.py shell -c "from bench.archive import build; build(10_000)"
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from releases.content_version import bump_feeds_generation
from releases.listing import invalidate_shape
from releases.models import Category, NewsroomPage, PressReleasePage

CATEGORY_SLUGS = ["financing", "financial-results", "products", "corporate-governance"]
WORDS = [
    "cogeneration",
    "microgrid",
    "heat",
    "pump",
    "placement",
    "revenue",
    "quarter",
    "contract",
    "utility",
    "inverter",
    "emissions",
    "efficiency",
    "distributor",
    "backlog",
    "margin",
    "guidance",
    "dividend",
    "acquisition",
    "chiller",
    "service",
    "installed",
]
START = dt.datetime(2011, 1, 3, 13, 0, tzinfo=dt.UTC)
SPAN = dt.timedelta(days=15 * 365)
BATCH = 2000
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(n: int) -> str:
    digits = []
    for _ in range(Page.steplen):
        n, r = divmod(n, len(ALPHABET))
        digits.append(ALPHABET[r])
    return "".join(reversed(digits))


def _body(rng: random.Random, n: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(40))
    return json.dumps(
        [
            {
                "type": "paragraph",
                "value": f"<p>Tecogen Inc. today announced item {n}: {words}.</p>",
                "id": str(uuid.uuid4()),
            }
        ]
    )


@transaction.atomic
def build(count: int, *, seed: int = 2011, newsroom: NewsroomPage | None = None, index: bool = True) -> dict:
    """Add `count` live releases under the newsroom; returns timings."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not secrets
    newsroom = newsroom or NewsroomPage.objects.get()
    categories = {c.slug: c for c in Category.objects.filter(slug__in=CATEGORY_SLUGS)}
    for slug in CATEGORY_SLUGS:
        if slug not in categories:
            categories[slug] = Category.objects.create(name=slug.replace("-", " ").capitalize(), slug=slug)
    content_type = ContentType.objects.get_for_model(PressReleasePage)
    first_child = newsroom.numchild + 1
    pages, rows, links = [], [], []
    for i in range(count):
        n = first_child + i
        release_at = START + SPAN * rng.random()
        slug = f"archive-release-{n}"
        pages.append(
            Page(
                title=f"Tecogen Archive Release {n}: {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}",
                draft_title=f"Tecogen Archive Release {n}",
                slug=slug,
                content_type=content_type,
                path=newsroom.path + _step(n),
                depth=newsroom.depth + 1,
                numchild=0,
                url_path=f"{newsroom.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=release_at,
                last_published_at=release_at,
                go_live_at=release_at,
                locale_id=newsroom.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
        chosen = rng.sample(CATEGORY_SLUGS, rng.choice((1, 1, 2)))
        rows.append((release_at, _body(rng, n), rng.random() < 0.3, chosen))
    created = []
    for start in range(0, count, BATCH):
        created.extend(Page.objects.bulk_create(pages[start : start + BATCH]))
    table = PressReleasePage._meta.db_table
    sql = (
        f"INSERT INTO {table} (page_ptr_id, subheadline, release_at, dateline_city, dateline_state, wire, body, "  # noqa: S608 - our own table name
        "boilerplate_heading, boilerplate, include_forward_looking, forward_looking_legend, is_material, source_name, "
        "category_labels, correction_note) "
        "VALUES (%s, '', %s, 'WALTHAM', 'Massachusetts', 'prnewswire', %s, 'About Tecogen', "
        "'Tecogen manufactures CHP products.', %s, '', %s, 'Tecogen Inc.', %s, '')"
    )
    with connection.cursor() as cursor:
        adapt = connection.ops.adapt_datetimefield_value
        labels = {slug: {"name": c.name, "slug": c.slug} for slug, c in categories.items()}
        cursor.executemany(
            sql,
            [
                (p.pk, adapt(r[0]), r[1], False, r[2], json.dumps([labels[slug] for slug in r[3]]))
                for p, r in zip(created, rows, strict=True)
            ],
        )
    through = PressReleasePage.categories.through
    for page, row in zip(created, rows, strict=True):
        for slug in row[3]:
            links.append(through(pressreleasepage_id=page.pk, category_id=categories[slug].pk))
    through.objects.bulk_create(links, batch_size=BATCH)
    Page.objects.filter(pk=newsroom.pk).update(numchild=newsroom.numchild + count)
    written = time.perf_counter()
    if index:
        backend = get_search_backend()
        search_index = backend.get_index_for_model(PressReleasePage)
        ids = [p.pk for p in created]
        for start in range(0, len(ids), BATCH):
            batch = list(PressReleasePage.objects.filter(pk__in=ids[start : start + BATCH]))
            search_index.add_items(PressReleasePage, batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would soon do after a bulk load
    # Rows written behind Wagtail's back: start a new feeds generation, as a publish would, so the
    # feeds and the archive's shape (releases.listing) are computed afresh, and have the archive's
    # counts in the database rebuilt (no signal told them about these releases).
    transaction.on_commit(bump_feeds_generation)
    invalidate_shape()
    return {"count": count, "rows_s": written - started, "index_s": time.perf_counter() - written}
