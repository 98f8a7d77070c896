"""HomePage and CompanyProfile are company's now (company/migrations/0001_initial.py says how).

Only Django's state changes here: the tables stay, and company's models use them.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("releases", "0003_frozen_shown_values"),
        ("company", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CompanyProfile"),
                migrations.DeleteModel(name="HomePage"),
            ],
            database_operations=[],
        ),
    ]
