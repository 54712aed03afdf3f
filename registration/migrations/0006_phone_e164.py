# Phones of every country, stored in E.164 (+77011234567, +998901234567), not only Kazakhstan's.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("registration", "0005_certificate_to_documents"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="registration",
            name="registration_phone_normalised",
        ),
        migrations.AlterField(
            model_name="registration",
            name="phone",
            field=models.CharField(
                blank=True,
                help_text="Stored in international format (E.164), e.g. +77011234567.",
                max_length=16,
                verbose_name="mobile phone",
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(("phone", ""), ("phone__regex", "^\\+[1-9][0-9]{7,14}$"), _connector="OR"),
                name="registration_phone_normalised",
                violation_error_message="The phone must be stored in international format (E.164), e.g. +77011234567.",
            ),
        ),
    ]
