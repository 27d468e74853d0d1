import time

from django.core.management.base import BaseCommand

from siaga.reports.services import reports_escalate_due


class Command(BaseCommand):
    help = "Eskalasi laporan yang melewati batas waktu penanganan ke satuan di atasnya."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, default=0, help="ulangi setiap N detik (0 = sekali jalan)")

    def handle(self, *args, loop=0, **options):
        while True:
            count = reports_escalate_due()
            self.stdout.write(f"{count} laporan dieskalasi.")
            if not loop:
                return
            time.sleep(loop)
