from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from siaga.core.access import SYSTEM
from siaga.regions.boundaries import BoundaryError, boundaries_import
from siaga.regions.boundary_files import MAX_FILE_BYTES


class Command(BaseCommand):
    help = (
        "Impor batas resmi kecamatan/desa dari GeoJSON atau Shapefile (.zip) menggantikan batas perkiraan: "
        "siaga regions boundaries BERKAS --source 'BIG RBI 2023'."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .geojson/.json atau .zip berisi Shapefile (WGS84)")
        parser.add_argument("--source", required=True, help="Sumber batas, mis. 'BIG RBI 2023'")
        parser.add_argument(
            "--kabupaten", default="", help="Kode kabupaten/kota, mis. 35.09: cocokkan juga menurut nama wilayah"
        )
        parser.add_argument("--level", choices=["kecamatan", "desa"], default="", help="Tingkat wilayah dalam berkas")

    def handle(self, *args, file, source, kabupaten, level, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"Berkas terlalu besar: paling besar {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        try:
            result = boundaries_import(
                actor=SYSTEM,
                data=path.read_bytes(),
                filename=path.name,
                source=source,
                kabupaten=kabupaten,
                level=level,
            )
        except BoundaryError as exc:
            for error in exc.errors:
                self.stderr.write(error["message"])
            raise CommandError(str(exc)) from exc
        self.stdout.write(result["summary"])
