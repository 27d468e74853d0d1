# Triage failures: a count of failed attempts (connection faults never count), the last error, and a "failed"
# state after MAX_ATTEMPTS, listed for ops staff. Reports marked "done" by the old error path stay done.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_intake_throttle_counter"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="triage_attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="percobaan triase gagal"),
        ),
        migrations.AddField(
            model_name="report",
            name="triage_error",
            field=models.CharField(blank=True, max_length=500, verbose_name="galat triase terakhir"),
        ),
        migrations.AlterField(
            model_name="report",
            name="triage_state",
            field=models.CharField(
                choices=[("pending", "Menunggu"), ("done", "Selesai"), ("failed", "Gagal")],
                default="pending",
                max_length=8,
            ),
        ),
    ]
