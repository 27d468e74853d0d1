import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from siaga.reports.services.deferred import BATCH, triage_pending


class Command(BaseCommand):
    help = (
        "Selesaikan triase laporan yang masih menunggu (saran kategori, tingkat, tempat, kejadian ganda, TPS, "
        "objek rawan) per kelompok. Dengan --loop berjalan terus sebagai proses latar (produksi)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="terus berjalan, memeriksa antrean berkala")
        parser.add_argument("--interval", type=float, default=0.5, help="jeda saat antrean kosong (detik)")
        parser.add_argument("--batch", type=int, default=BATCH, help="laporan per transaksi")

    def handle(self, *args, loop=False, interval=0.5, batch=BATCH, **options):
        stop = []
        if loop:
            signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
        total = 0
        while not stop:
            done = triage_pending(limit=batch)
            total += done
            if done:
                continue
            if not loop:
                break
            close_old_connections()
            time.sleep(interval)
        self.stdout.write(f"{total} laporan ditriase.")
