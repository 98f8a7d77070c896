"""The Code of Business Conduct and Ethics, loaded before documents had a kind, is of kind "code"."""

from django.db import migrations

CODE_SLUG = "code-of-business-conduct-and-ethics"


def code_kind(apps, schema_editor):
    GovernanceDocumentPage = apps.get_model("governance", "GovernanceDocumentPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in GovernanceDocumentPage.objects.filter(slug=CODE_SLUG):
        GovernanceDocumentPage.objects.filter(pk=page.pk).update(kind="code")
        # The editor opens the latest revision: without the field it would offer the default kind.
        if page.latest_revision_id:
            revision = Revision.objects.filter(pk=page.latest_revision_id).first()
            if revision is not None and "kind" not in revision.content:
                revision.content["kind"] = "code"
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_versions_kinds_people")]

    operations = [migrations.RunPython(code_kind, migrations.RunPython.noop)]
