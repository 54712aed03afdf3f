# A job no longer points at events.Event: core knows no app. What a job is about becomes a
# generic subject (content type + id); every existing job keeps its event as its subject, and
# the kind is a code registered by the app that makes it (no fixed choices in core).

import django.db.models.deletion
from django.db import migrations, models


def event_to_subject(apps, schema_editor):
    Job = apps.get_model("core", "Job")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Job.objects.filter(event__isnull=False).exists():
        return
    event_type, _created = ContentType.objects.get_or_create(app_label="events", model="event")
    Job.objects.filter(event__isnull=False).update(subject_type=event_type, subject_id=models.F("event_id"))


def subject_to_event(apps, schema_editor):
    Job = apps.get_model("core", "Job")
    ContentType = apps.get_model("contenttypes", "ContentType")
    event_type = ContentType.objects.filter(app_label="events", model="event").first()
    if event_type is not None:
        Job.objects.filter(subject_type=event_type).update(event_id=models.F("subject_id"))


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_alter_job_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="subject_type",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="contenttypes.contenttype"),
        ),
        migrations.AddField(
            model_name="job",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(event_to_subject, subject_to_event),
        migrations.RemoveField(model_name="job", name="event"),
        migrations.AlterField(
            model_name="job",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="kind"),
        ),
        migrations.AddIndex(
            model_name="job",
            index=models.Index(fields=["subject_type", "subject_id"], name="job_subject_idx"),
        ),
    ]
