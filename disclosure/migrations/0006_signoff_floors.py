
import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('disclosure', '0005_register_keeps_its_word'),
    ]

    operations = [
        migrations.AlterField(
            model_name='spokespersonsignofftask',
            name='material_signoffs_required',
            field=models.PositiveSmallIntegerField(default=2, help_text='Distinct spokespersons who must sign off a material release (at least 2).', validators=[django.core.validators.MinValueValidator(2)]),
        ),
        migrations.AlterField(
            model_name='spokespersonsignofftask',
            name='signoffs_required',
            field=models.PositiveSmallIntegerField(default=1, help_text='Distinct spokespersons who must sign off any other release (at least 1).', validators=[django.core.validators.MinValueValidator(1)]),
        ),
    ]
