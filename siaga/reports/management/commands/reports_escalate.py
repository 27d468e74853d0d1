import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from siaga.core.dbfaults import FAULT, DbFaultGuard
from siaga.reports.services import reports_escalate_due
from siaga.reports.services.deferred import triage_sweep


class Command(BaseCommand):
    help = (
        "Eskalasi laporan yang melewati batas waktu penanganan ke satuan di atasnya, dan triase laporan yang "
        "tertunda terlalu lama. Dengan --loop tetap berjalan bila koneksi basis data terputus: menyambung ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, default=0, help="ulangi setiap N detik (0 = sekali jalan)")

    def handle(self, *args, loop=0, **options):
        if not loop:
            self.stdout.write(f"{self.round()} laporan dieskalasi.")
            return
        stop = []
        signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
        guard = DbFaultGuard("reports_escalate")
        while not stop:
            count = guard.call(self.round, between=True)
            if count is FAULT:
                continue
            self.stdout.write(f"{count} laporan dieskalasi.")
            self.stdout.flush()
            time.sleep(loop)

    def round(self, between: bool = False) -> int:
        if between:  # a loop, like a request, checks its persistent connection before use
            close_old_connections()
        triage_sweep()  # the escalation deadlines depend on the triage's severity: pending ones first
        return reports_escalate_due()
