from django.core.management.base import BaseCommand

from siaga.command.services import mabes_attach
from siaga.core.access import SYSTEM


class Command(BaseCommand):
    help = "Buat satuan Mabes di puncak pohon satuan dan pindahkan semua Polda ke bawahnya (jalur ditulis ulang)."

    def add_arguments(self, parser):
        parser.add_argument("--code", default="mabes-polri")
        parser.add_argument("--name", default="Mabes Polri")

    def handle(self, *args, code, name, **options):
        mabes = mabes_attach(actor=SYSTEM, code=code, name=name, lat=-6.2405, lon=106.7986)
        count = mabes.children.count()
        self.stdout.write(f"{mabes.name}: {count} Polda di bawahnya.")
