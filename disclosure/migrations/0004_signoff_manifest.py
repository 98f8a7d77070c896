# Placeholder for the lead engineer's 0004_signoff_manifest (drop at merge).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_exchange_notice_release_time"),
    ]

    operations = []
