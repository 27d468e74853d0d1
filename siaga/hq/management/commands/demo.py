from django.core.management.base import BaseCommand, CommandError

from siaga.hq.demo import DEMO_PASSWORD, DemoRefused, build_demo
from siaga.regions.gazetteer import region_rows
from siaga.regions.services import RegionError


class Command(BaseCommand):
    help = "Bangun distrik demo (default Kabupaten Jember, 35.09): wilayah nyata, data operasi sintetis."

    def add_arguments(self, parser):
        parser.add_argument("--kabupaten", default="35.09", help="Kode Kemendagri kabupaten/kota, mis. 35.09")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--force", action="store_true", help="bangun juga di luar mode pengembangan (hanya server uji)"
        )

    def handle(self, *args, kabupaten, seed, force=False, **options):
        code = kabupaten.strip()
        if code.count(".") != 1 or not any(r.code == code for r in region_rows(code)):
            raise CommandError(f"Kabupaten/kota dengan kode '{code}' tidak ditemukan (contoh: 35.09 untuk Jember).")
        try:
            ctx = build_demo(kabupaten_code=code, seed=seed, log=self.stdout.write, force=force)
        except (RegionError, ValueError, DemoRefused) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Distrik demo siap: {ctx.polres.name}."))
        self.stdout.write(f"Akun demo (kata sandi semua: {DEMO_PASSWORD}):")
        for username, user in ctx.users.items():
            self.stdout.write(f"  {username:<12} {user.get_role_display():<32} {user.unit.name}")
