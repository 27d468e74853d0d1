from django.db import migrations, models

RENAMES = {"impor": "import", "lapangan": "field"}


def forwards(apps, schema_editor):
    StationIndicator = apps.get_model("risk", "StationIndicator")
    for old, new in RENAMES.items():
        StationIndicator.objects.filter(source=old).update(source=new)


def backwards(apps, schema_editor):
    StationIndicator = apps.get_model("risk", "StationIndicator")
    for old, new in RENAMES.items():
        StationIndicator.objects.filter(source=new).update(source=old)


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="stationindicator",
            name="source",
            field=models.CharField(
                choices=[("import", "Impor berkas"), ("intel", "Satintelkam"), ("field", "Petugas lapangan"), ("demo", "Data demo")],
                default="intel",
                max_length=10,
                verbose_name="sumber",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
