"""Import of population per region (for the crime rate per 100,000), on the core import framework.

One row per region and year: kode_wilayah (Kemendagri code) or nama_wilayah (a kabupaten, kecamatan or desa name
inside the Polres' jurisdiction; a name that two regions share must be given by code), jumlah_penduduk, tahun,
sumber (e.g. "Disdukcapil 2024", "BPS"). A region and year already stored are updated (idempotent); a region
outside the Polres, an unknown name, a year out of range or a region given twice for one year is reported by row
and column, and nothing is written unless every row is good. Imported figures are real data (`is_demo` False);
the demo's own figures are marked synthetic (analysis/demo.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from siaga.core import access
from siaga.core.imports import Column, Importer, normalise
from siaga.core.imports.columns import quote
from siaga.core.jobs import job_runner


@job_runner("analysis.import_population")
class PopulationImporter(Importer):
    title = "Impor jumlah penduduk"
    permission = "analysis.population"
    max_bytes = 5 * 1024 * 1024
    max_rows = 20_000
    audit_model = "analysis.Population"
    columns = (
        Column(
            "kode_wilayah",
            "Kode wilayah",
            ("kode desa", "kode", "kode kemendagri", "kode_desa"),
            max_length=13,
            default="",
        ),  # fmt: skip
        Column(
            "nama_wilayah",
            "Nama wilayah",
            ("wilayah", "desa", "kelurahan", "nama desa", "kecamatan"),
            max_length=150,
            default="",
        ),  # fmt: skip
        Column(
            "jumlah_penduduk",
            "Jumlah penduduk",
            ("penduduk", "jumlah", "jiwa", "populasi"),
            required=True,
            kind="int",
            min_value=0,
            max_value=300_000_000,
        ),  # fmt: skip
        Column("tahun", "Tahun", ("tahun data",), required=True, kind="int", min_value=2000, max_value=2100),
        Column("sumber", "Sumber", ("sumber data", "keterangan"), max_length=200, default=""),
    )

    def check_params(self) -> None:
        from siaga.units.models import Unit

        self.unit = Unit.objects.filter(pk=self.params.get("unit_id"), kind__in=["polres", "polda"]).first()
        if self.unit is None:
            raise ValidationError("Pilih Polres pemilik data penduduk.")
        access.require(self.actor, self.permission, unit=self.unit)

    def prepare(self) -> None:
        from django.db.models import Q

        from siaga.regions.models import Region

        roots = [r.code for r in self.unit.regions.all()]
        inside = Q(pk__in=[])
        for code in roots:
            inside |= Q(code=code) | Q(code__startswith=code + ".")
        self.by_code: dict[str, object] = {}
        self.by_name: dict[str, list] = {}
        for region in Region.objects.filter(inside).only("code", "name", "level"):
            self.by_code[region.code] = region
            for name in {normalise(region.name), normalise(_bare(region.name))}:
                self.by_name.setdefault(name, []).append(region)
        self.seen: dict[tuple[str, int], int] = {}

    def clean_row(self, row):
        v = row.values
        region = None
        if v["kode_wilayah"]:
            region = self.by_code.get(v["kode_wilayah"].strip())
            if region is None:
                row.error("kode_wilayah", f"Wilayah {quote(v['kode_wilayah'])} tidak dikenal atau di luar wilayah "
                                          f"hukum {self.unit.name}.")  # fmt: skip
        elif v["nama_wilayah"]:
            found = self.by_name.get(normalise(v["nama_wilayah"]), [])
            if not found:
                row.error("nama_wilayah", f"Wilayah {quote(v['nama_wilayah'])} tidak dikenal di wilayah hukum "
                                          f"{self.unit.name}.")  # fmt: skip
            elif len(found) > 1:
                codes = ", ".join(r.code for r in found[:4])
                row.error("nama_wilayah", f"Nama {quote(v['nama_wilayah'])} dipakai lebih dari satu wilayah ({codes});"
                                          " isi kode wilayahnya.")  # fmt: skip
            else:
                region = found[0]
        elif not {"kode_wilayah", "nama_wilayah"} & row.invalid:
            row.error("kode_wilayah", "Isi kode wilayah atau nama wilayah.")
        if region is not None and v["tahun"] is not None:
            key = (region.code, v["tahun"])
            if key in self.seen:
                row.error("kode_wilayah" if v["kode_wilayah"] else "nama_wilayah",
                          f"{region.name} tahun {v['tahun']} sudah ada di baris {self.seen[key]}.")  # fmt: skip
            else:
                self.seen[key] = row.number
        if row.failed or row.invalid:
            return None
        return {"region": region, "year": v["tahun"], "population": v["jumlah_penduduk"], "source": v["sumber"]}

    def audit_object(self):
        return self.unit.pk, f"Data penduduk {self.unit.name}"

    def write(self, items: list) -> dict:
        from siaga.analysis.models import Population

        existing = {
            (p.region_id, p.year): p
            for p in Population.objects.filter(region__in=[i["region"] for i in items], year__in={i["year"] for i in
                                                                                                   items})
        }  # fmt: skip
        new, changed = [], []
        for item in items:
            row = existing.get((item["region"].pk, item["year"]))
            if row is None:
                new.append(Population(region=item["region"], year=item["year"], population=item["population"],
                                      source=item["source"]))  # fmt: skip
            elif (row.population, row.source, row.is_demo) != (item["population"], item["source"], False):
                row.population, row.source, row.is_demo = item["population"], item["source"], False
                changed.append(row)
        Population.objects.bulk_create(new, batch_size=1000)
        Population.objects.bulk_update(changed, ["population", "source", "is_demo"], batch_size=1000)
        unchanged = len(items) - len(new) - len(changed)
        summary = f"{len(new)} data penduduk baru, {len(changed)} diperbarui, {unchanged} tidak berubah."
        return {"created": len(new), "updated": len(changed), "unchanged": unchanged, "summary": summary,
                "message": summary}  # fmt: skip


def _bare(name: str) -> str:
    """'Desa Sukorejo' → 'Sukorejo' (files often give the name without the prefix)."""
    for prefix in ("Desa ", "Kelurahan ", "Kecamatan ", "Kabupaten ", "Kota "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
