# The public form's rate limit becomes one counter per client (HMAC key) and window, raised by a conditional
# UPDATE. The old per-submission rows (bare SHA-256 keys) are dropped with their table's columns.

import django.utils.timezone
from django.db import migrations, models


def forget_old_rows(apps, schema_editor):
    apps.get_model("reports", "IntakeThrottle").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_lean_indexes"),
    ]

    operations = [
        migrations.RunPython(forget_old_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="intakethrottle", name="at"),
        migrations.AlterField(model_name="intakethrottle", name="key", field=models.CharField(max_length=64)),
        migrations.AddField(
            model_name="intakethrottle",
            name="window",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="awal jendela"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="intakethrottle",
            name="count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddConstraint(
            model_name="intakethrottle",
            constraint=models.UniqueConstraint(fields=("key", "window"), name="reports_throttle_key_window"),
        ),
    ]
