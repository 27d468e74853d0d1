"""PostgreSQL only: the table range-partitioned by month on `at` (siaga/core/partitions.py); SQLite untouched."""

from django.db import migrations

from siaga.core.partitions import partition_table_operation


class Migration(migrations.Migration):
    dependencies = [("core", "0002_job_runner_names")]

    operations = [partition_table_operation("core_objectchange", "at")]
