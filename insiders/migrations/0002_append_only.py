"""On PostgreSQL the insider records are append-only in the database itself, like the audit log.

Who had access and when (InsiderAccess), every version of a list (InsiderListChange) and every
opening of a press preview (PressPreviewOpening) are only ever inserted; a trigger refuses UPDATE
and DELETE whoever is connected (disclosure 0007's function). A person's details, the permanent
section's end dates and acknowledgements are updated by the product, each with a new
InsiderListChange that keeps what was there before.
"""

from django.db import migrations

APPEND_ONLY_TABLES = ["insiders_insideraccess", "insiders_insiderlistchange", "insiders_presspreviewopening"]


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ir_audit_append_only()"
        )


def drop_append_only(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("insiders", "0001_initial"),
        ("disclosure", "0007_audit_chain"),  # creates ir_audit_append_only()
    ]

    operations = [migrations.RunPython(append_only, drop_append_only)]
