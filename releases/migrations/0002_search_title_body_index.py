"""PostgreSQL: a GIN index on the index entries' combined title and body vectors.

Wagtail's PostgreSQL search matches `title || body` against the query, which neither of its own
GIN indexes (one on title, one on body) can answer: every search read every index entry.
Newsroom search (releases/search.py) asks the same expression, so this index serves both.
Nothing on other databases (SQLite searches its FTS5 table).
"""

from django.db import migrations

INDEX = "releases_search_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
