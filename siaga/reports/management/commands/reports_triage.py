from django.core.management.base import BaseCommand

from siaga.reports.services import triage_pending


class Command(BaseCommand):
    help = "Selesaikan triase laporan yang masih menunggu (kejadian ganda, TPS, objek rawan)."

    def handle(self, *args, **options):
        total = 0
        while True:
            done = triage_pending()
            total += done
            if done == 0:
                break
        self.stdout.write(f"{total} laporan ditriase.")
