# Device tokens can expire. Tokens issued before this migration keep no expiry; an organiser
# revokes them on /manage/tokens/ when their device is retired.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="expires at"),
        ),
    ]
