"""PostgreSQL only: the table range-partitioned by month on `at` (siaga/core/partitions.py); SQLite untouched."""

from django.db import migrations

from siaga.core.partitions import partition_table_operation


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_report_triage_attempts")]

    operations = [partition_table_operation("reports_reportevent", "at")]
