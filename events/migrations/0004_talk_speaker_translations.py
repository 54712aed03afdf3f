# Talks and speakers' biographies in Kazakh, Russian and English, like events. The existing
# text becomes the Kazakh field (renamed in place, so nothing is copied or lost).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_event_checkin_window"),
    ]

    operations = [
        migrations.RenameField(model_name="talk", old_name="title", new_name="title_kk"),
        migrations.AlterField(
            model_name="talk",
            name="title_kk",
            field=models.CharField(max_length=250, verbose_name="title (Kazakh)"),
        ),
        migrations.AddField(
            model_name="talk",
            name="title_ru",
            field=models.CharField(blank=True, max_length=250, verbose_name="title (Russian)"),
        ),
        migrations.AddField(
            model_name="talk",
            name="title_en",
            field=models.CharField(blank=True, max_length=250, verbose_name="title (English)"),
        ),
        migrations.RenameField(model_name="talk", old_name="abstract", new_name="abstract_kk"),
        migrations.AlterField(
            model_name="talk",
            name="abstract_kk",
            field=models.TextField(blank=True, verbose_name="abstract (Kazakh)"),
        ),
        migrations.AddField(
            model_name="talk",
            name="abstract_ru",
            field=models.TextField(blank=True, verbose_name="abstract (Russian)"),
        ),
        migrations.AddField(
            model_name="talk",
            name="abstract_en",
            field=models.TextField(blank=True, verbose_name="abstract (English)"),
        ),
        migrations.RenameField(model_name="speaker", old_name="bio", new_name="bio_kk"),
        migrations.AlterField(
            model_name="speaker",
            name="bio_kk",
            field=models.TextField(blank=True, verbose_name="biography (Kazakh)"),
        ),
        migrations.AddField(
            model_name="speaker",
            name="bio_ru",
            field=models.TextField(blank=True, verbose_name="biography (Russian)"),
        ),
        migrations.AddField(
            model_name="speaker",
            name="bio_en",
            field=models.TextField(blank=True, verbose_name="biography (English)"),
        ),
    ]
