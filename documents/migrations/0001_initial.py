# The Certificate model moved here from registration. Its table (registration_certificate)
# and rows are kept as they are: the database is not touched, only the migration state moves.
# The content type is renamed too, so permissions given on certificates stay with their holders.

import django.db.models.deletion
from django.db import migrations, models

import core.uploads
import documents.models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="documents", model="certificate").exists():
        return
    ContentType.objects.filter(app_label="registration", model="certificate").update(app_label="documents")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="registration", model="certificate").exists():
        return
    ContentType.objects.filter(app_label="documents", model="certificate").update(app_label="registration")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("registration", "0005_certificate_to_documents"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Certificate",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("kind", models.CharField(choices=[("certificate", "Certificate of participation"),
                                                           ("thanks", "Letter of thanks")],
                                                  default="certificate", max_length=12, verbose_name="kind")),
                        ("verify_code", models.CharField(default=documents.models.new_verify_code, editable=False,
                                                         max_length=64, unique=True,
                                                         verbose_name="verification code")),
                        ("language", models.CharField(choices=[("kk", "Kazakh"), ("ru", "Russian"),
                                                               ("en", "English")],
                                                      default="kk", max_length=5, verbose_name="language")),
                        ("file", models.FileField(blank=True, storage=core.uploads.private_storage,
                                                  upload_to="certificates/", verbose_name="file")),
                        ("issued_at", models.DateTimeField(auto_now_add=True, verbose_name="issued at")),
                        ("emailed_at", models.DateTimeField(blank=True, null=True, verbose_name="emailed at")),
                        ("registration", models.OneToOneField(on_delete=django.db.models.deletion.PROTECT,
                                                              related_name="certificate",
                                                              to="registration.registration",
                                                              verbose_name="registration")),
                    ],
                    options={
                        "verbose_name": "certificate",
                        "verbose_name_plural": "certificates",
                        "ordering": ["issued_at", "pk"],
                        "db_table": "registration_certificate",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
