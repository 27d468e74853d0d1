from django.core.management.base import BaseCommand

from siaga.command.figures import figures_refresh


class Command(BaseCommand):
    help = "Perbarui rekap per Polres (Polres yang berubah sejak pembaruan terakhir; --full: semua)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="hitung ulang semua Polres")

    def handle(self, *args, full=False, **options):
        result = figures_refresh(full=full)
        self.stdout.write(f"Rekap diperbarui: {result['refreshed']} Polres{' (penuh)' if result['full'] else ''}.")
