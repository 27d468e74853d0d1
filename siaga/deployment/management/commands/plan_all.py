"""`siaga plan_all --operation ID [--unit KODE] [--wait]`: plan every Polres of an operation in parallel.

Runs as the system (commands act as access.SYSTEM) through siaga.deployment.fanout.plan_run_national: one parent
job, one child job per Polres on the job queue (RQ workers on any number of machines when SIAGA_REDIS_URL is set).
With --wait it follows the parent until every child has finished and prints the elapsed seconds as JSON."""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from siaga.core import access
from siaga.core.models import Job


class Command(BaseCommand):
    help = "Hitung rencana plotting semua Polres dalam satu operasi sekaligus (satu pekerjaan latar per Polres)."

    def add_arguments(self, parser):
        parser.add_argument("--operation", type=int, required=True, help="ID operasi kepolisian")
        parser.add_argument("--unit", default="", help="kode satuan (mis. Polda) yang dibatasi; kosong: semua")
        parser.add_argument("--wait", action="store_true", help="tunggu sampai semua rencana selesai")
        parser.add_argument("--poll", type=float, default=0.5, help="selang pemeriksaan saat menunggu (detik)")

    def handle(self, *, operation, unit, wait, poll, **options):
        from siaga.deployment.fanout import plan_run_national
        from siaga.elections.models import Operation
        from siaga.units.models import Unit

        op = Operation.objects.filter(pk=operation).first()
        if op is None:
            raise CommandError(f"Operasi #{operation} tidak ditemukan.")
        scope = None
        if unit:
            scope = Unit.objects.filter(code=unit).first()
            if scope is None:
                raise CommandError(f"Satuan dengan kode {unit!r} tidak ditemukan.")
        started = time.monotonic()
        job = plan_run_national(user=access.SYSTEM, operation=op, unit=scope)
        self.stdout.write(f"Pekerjaan #{job.pk} dimulai: {job.title}")
        if not wait:
            return
        while True:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(poll)
        elapsed = time.monotonic() - started
        self.stdout.write(
            json.dumps({"job": job.pk, "status": job.status, "plans": job.total, "seconds": round(elapsed, 3)})
        )
        if job.status != Job.Status.DONE:
            raise CommandError(job.message)
