from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="boundary_source",
            field=models.CharField(blank=True, max_length=200, verbose_name="sumber batas resmi"),
        ),
    ]
