"""Seeds the bodies and the Human Rights Council's sessions and agenda items."""

from django.db import migrations

from resolutions.importing.reference import load_reference_data


def forwards(apps, schema_editor):
    load_reference_data(
        apps.get_model("resolutions", "Body"),
        apps.get_model("resolutions", "Session"),
        apps.get_model("resolutions", "AgendaItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
