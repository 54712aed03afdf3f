# The Certificate model moved to the documents app. Its table (registration_certificate) and
# every row stay where they are: this only removes the model from registration's state;
# documents.0001_initial takes it over with the same table.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("registration", "0004_registration_cancelled_by"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Certificate")],
            database_operations=[],
        ),
    ]
