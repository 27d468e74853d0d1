"""`siaga partitions list|ensure|detach`: the monthly partitions of the big tables on PostgreSQL.

    siaga partitions list                     every partitioned table, its months and row estimates
    siaga partitions ensure [--months 3]      create the coming months now (the worker does it hourly)
    siaga partitions detach --before 2024-01  detach every month before January 2024 for archive

A detached month is a standalone table (`<table>_pYYYYMM`, foreign keys dropped): archive it with
`pg_dump -t <name>` and then `DROP TABLE <name>`. See siaga/core/partitions.py."""

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from siaga.core import partitions


def _month(value: str) -> dt.date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
    if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
        raise CommandError(f"Bulan {value!r} tidak valid: gunakan format YYYY-MM (mis. 2024-01).")
    return dt.date(int(match[1]), int(match[2]), 1)


class Command(BaseCommand):
    help = "Partisi bulanan tabel besar (PostgreSQL): daftar, buat bulan mendatang, lepas bulan lama untuk arsip."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "ensure", "detach"])
        parser.add_argument("--before", default="", help="detach: lepas semua bulan sebelum bulan ini (YYYY-MM)")
        parser.add_argument("--months", type=int, default=partitions.MONTHS_AHEAD, help="ensure: bulan ke depan")

    def handle(self, *, action, before, months, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Partisi hanya dipakai pada PostgreSQL; basis data ini tidak memerlukannya.")
        if action == "list":
            for table, column in partitions.partitioned_tables().items():
                parts = partitions.partitions_of(table)
                months_text = ", ".join(f"{p.month:%Y-%m}" for p in parts if p.month) or "-"
                self.stdout.write(f"{table} (menurut {column}): {months_text} + default")
        elif action == "ensure":
            if not 0 <= months <= 36:
                raise CommandError("--months harus antara 0 dan 36.")
            created = partitions.partitions_ensure(months_ahead=months)
            self.stdout.write(f"Dibuat: {', '.join(created)}" if created else "Semua partisi sudah ada.")
        else:
            if not before:
                raise CommandError("detach memerlukan --before YYYY-MM.")
            cutoff = _month(before)
            if cutoff > dt.date.today().replace(day=1):
                raise CommandError("--before tidak boleh melewati bulan berjalan.")
            detached = partitions.partitions_detach(cutoff)
            if not detached:
                self.stdout.write("Tidak ada partisi sebelum bulan itu.")
            for name in detached:
                self.stdout.write(f"Dilepas: {name} (arsipkan dengan pg_dump -t {name}, lalu DROP TABLE {name})")
