from django.db import migrations


def load(apps, schema_editor):
    from siaga.analysis.catalog import catalog_sync

    catalog_sync(apps.get_model("analysis", "CrimeGroup"), apps.get_model("analysis", "CrimeType"),
                 apps.get_model("analysis", "ClearanceRule"))


class Migration(migrations.Migration):
    dependencies = [("analysis", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
