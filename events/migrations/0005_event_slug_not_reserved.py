# Event slugs refuse the addresses of other pages under /events/ (a validator: the table is unchanged).

import events.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_talk_speaker_translations'),
    ]

    operations = [
        migrations.AlterField(
            model_name='event',
            name='slug',
            field=models.SlugField(help_text="Latin letters, digits and hyphens; used in the event's link.", max_length=80, unique=True, validators=[events.models.validate_slug_not_reserved], verbose_name='public address'),
        ),
    ]
