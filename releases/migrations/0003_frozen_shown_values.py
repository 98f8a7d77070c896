
from django.db import migrations, models


def freeze_existing(apps, schema_editor):
    """Releases saved before this keep showing what they show today: their snippets' current values."""
    ReleaseContact = apps.get_model("releases", "ReleaseContact")
    PressReleasePage = apps.get_model("releases", "PressReleasePage")
    for item in ReleaseContact.objects.select_related("contact"):
        for name in ("name", "organisation", "phone", "email"):
            setattr(item, name, getattr(item.contact, name))
        item.save(update_fields=["name", "organisation", "phone", "email"])
    for page in PressReleasePage.objects.prefetch_related("categories"):
        page.category_labels = [{"name": c.name, "slug": c.slug} for c in page.categories.all()]
        page.save(update_fields=["category_labels"])


class Migration(migrations.Migration):

    dependencies = [
        ('releases', '0002_search_title_body_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='pressreleasepage',
            name='category_labels',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name='releasecontact',
            name='email',
            field=models.EmailField(blank=True, editable=False, max_length=254),
        ),
        migrations.AddField(
            model_name='releasecontact',
            name='name',
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name='releasecontact',
            name='organisation',
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name='releasecontact',
            name='phone',
            field=models.CharField(blank=True, editable=False, max_length=40),
        ),
        migrations.RunPython(freeze_existing, migrations.RunPython.noop),
    ]
