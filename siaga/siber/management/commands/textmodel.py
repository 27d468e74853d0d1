"""`siaga textmodel train --csv FILE` (or `--sintetis` for Siaga's own election-flavoured set): train the text
model of the cyber patrol, measure it on a held-out split and activate it unless it scores worse than the
active one. `siaga textmodel list` shows the versions."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from siaga.core import access
from siaga.engine.text import TrainingError


class Command(BaseCommand):
    help = "Melatih dan menampilkan versi model teks patroli siber."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["train", "list"])
        parser.add_argument("--csv", help="CSV berlabel: kolom text dan kolom label (hs, abusive, hoax, ...)")
        parser.add_argument("--sintetis", action="store_true", help="latih dari contoh sintetis milik Siaga")
        parser.add_argument("--dari-konfirmasi", action="store_true", help="latih ulang dengan konfirmasi analis")

    def handle(self, *args, action, csv=None, sintetis=False, dari_konfirmasi=False, **options):
        if action == "list":
            return self._list()
        from siaga.siber.services.models import textmodel_retrain, textmodel_train_csv
        from siaga.siber.synthetic import training_csv

        try:
            if dari_konfirmasi:
                result = textmodel_retrain(actor=access.SYSTEM)
            elif sintetis:
                result = textmodel_train_csv(content=training_csv(), actor=access.SYSTEM, synthetic=True)
            elif csv:
                path = Path(csv)
                if not path.is_file():
                    raise CommandError(f"Berkas {csv} tidak ditemukan.")
                result = textmodel_train_csv(content=path.read_bytes(), actor=access.SYSTEM)
            else:
                raise CommandError("Sebutkan --csv BERKAS, --sintetis atau --dari-konfirmasi.")
        except TrainingError as exc:
            raise CommandError(str(exc)) from exc
        row = result.version
        self.stdout.write(
            f"Model v{row.version}: {row.rows} baris, skor uji (macro F1) {row.scores['macro_f1']:.3f}; {result.reason}"
        )

    def _list(self):
        from siaga.siber.models import TextModelVersion

        for row in TextModelVersion.objects.order_by("version"):
            mark = "*" if row.is_active else " "
            self.stdout.write(f"{mark} v{row.version} {row.created_at:%Y-%m-%d %H:%M} F1 {row.macro_f1:.3f} {row.note}")
