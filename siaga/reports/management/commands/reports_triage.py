import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from siaga.core.dbfaults import FAULT, DbFaultGuard
from siaga.reports.models import Report
from siaga.reports.services.deferred import BATCH, triage_pending
from siaga.reports.services.pacing import TriagePacer

WAIT = object()


class Command(BaseCommand):
    help = (
        "Selesaikan triase laporan yang masih menunggu (saran kategori, tingkat, tempat, kejadian ganda, TPS, "
        "objek rawan) per kelompok. Dengan --loop berjalan terus sebagai proses latar (produksi); saat laporan "
        "masuk lebih cepat dari --yield-above per detik, triase menunggu agar semua CPU melayani penerimaan. "
        "Bila koneksi basis data terputus, proses menyambung ulang dan berlanjut."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="terus berjalan, memeriksa antrean berkala")
        parser.add_argument("--interval", type=float, default=0.5, help="jeda saat antrean kosong (detik)")
        parser.add_argument("--batch", type=int, default=BATCH, help="laporan per transaksi")
        parser.add_argument("--yield-above", type=float, default=100.0, help="laporan/detik; 0 = tidak pernah mengalah")
        parser.add_argument("--max-defer", type=float, default=30.0, help="paling lama menunda triase (detik)")

    def handle(self, *args, loop=False, interval=0.5, batch=BATCH, yield_above=100.0, max_defer=30.0, **options):
        stop = []
        if loop:
            signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
        pacer = TriagePacer(yield_above=yield_above if loop else 0, max_defer=max_defer)
        guard = DbFaultGuard("reports_triage")

        def step():
            newest = Report.objects.order_by("-id").values_list("id", flat=True).first() or 0
            if pacer.should_wait(newest, time.monotonic()):
                return WAIT
            return triage_pending(limit=batch)

        total = 0
        while not stop:
            done = guard.call(step) if loop else step()  # one-shot runs report a fault instead of waiting it out
            if done is FAULT:
                continue
            if done is WAIT:
                close_old_connections()
                time.sleep(1.0)
                continue
            total += done
            if done:
                continue
            if not loop:
                break
            close_old_connections()
            time.sleep(interval)
        self.stdout.write(f"{total} laporan ditriase.")
