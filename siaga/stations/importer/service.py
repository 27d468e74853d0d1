"""Import TPS files on the core import framework: every row validated, then one transaction (all or nothing);
re-importing the same file updates TPS in place, keyed by election + desa + TPS number. Each TPS belongs to the
Polsek with jurisdiction over its desa, which must lie in the importing user's scope."""

from django.core.exceptions import ValidationError
from django.db.models import Q

from siaga.core import access
from siaga.core.imports import Column, Importer, import_enqueue, normalise, quote
from siaga.core.jobs import job_runner
from siaga.regions.models import Region
from siaga.stations.importer import cells
from siaga.stations.models import Station
from siaga.units.selectors import polsek_by_desa

WRITE_FIELDS = ["address", "lat", "lon", "voters_male", "voters_female", "voters_disabled", "special_type", "unit"]

COLUMNS = (
    Column("number", "No TPS", ("nomor tps", "tps", "no tps tps", "nomer tps", "kode tps"), True,
           parse=cells.parse_tps_number),
    Column("desa_code", "Kode Desa",
           ("kode kelurahan", "kode wilayah", "kode desa kelurahan", "kode kelurahan desa", "kode desa kel"),
           parse=cells.parse_desa_code),
    Column("desa_name", "Desa/Kelurahan",
           ("desa kelurahan", "kelurahan desa", "desa", "kelurahan", "nama desa", "nama kelurahan", "desa kel"),
           max_length=100),
    Column("kecamatan", "Kecamatan", ("nama kecamatan", "kec"), max_length=100),
    Column("address", "Alamat", ("alamat tps", "lokasi tps"), max_length=250, default=""),
    Column("lat", "Latitude", ("lintang", "lat"), parse=cells.parse_lat),
    Column("lon", "Longitude", ("bujur", "lon", "lng", "long"), parse=cells.parse_lon),
    Column("voters_male", "DPT L", ("laki laki", "dpt laki laki", "l", "pemilih laki laki", "jumlah dpt l"), True,
           parse=cells.parse_count),
    Column("voters_female", "DPT P", ("perempuan", "dpt perempuan", "p", "pemilih perempuan", "jumlah dpt p"), True,
           parse=cells.parse_count),
    Column("voters_disabled", "Disabilitas", ("dpt disabilitas", "pemilih disabilitas", "jumlah disabilitas"),
           parse=cells.parse_optional_count, default=0),
    Column("special_type", "Lokasi Khusus", ("tps khusus", "jenis lokasi khusus", "tps lokasi khusus"),
           parse=cells.parse_special, default=""),
)  # fmt: skip


class ScopeIndex:
    """The desa inside the election's scope, by code and by (kecamatan name, desa name)."""

    def __init__(self, election):
        prefixes = [r.code for r in election.regions.all()]
        q = Q(pk__in=[]) if not prefixes else Q()
        for code in prefixes:
            q |= Q(code=code) | Q(code__startswith=code + ".")
        desa = Region.objects.filter(q, level=Region.Level.DESA).values_list("code", "name", "parent__name")
        self.codes: set[str] = set()
        self.by_name: dict[tuple[str, str], list[str]] = {}
        for code, name, kec in desa:
            self.codes.add(code)
            self.by_name.setdefault((normalise(kec), normalise(name)), []).append(code)


@job_runner("stations.import")
class StationImporter(Importer):
    title = "Impor TPS"
    permission = "stations.change"
    max_bytes = 10 * 1024 * 1024
    max_rows = 100_000
    columns = COLUMNS
    audit_model = "stations.Station"

    def check_params(self) -> None:
        from siaga.elections.selectors import election_get

        self.election = election_get(user=self.actor, pk=self.params["election_id"])
        if self.election is None:
            raise ValidationError("Pemilihan tidak ditemukan atau di luar cakupan Anda.")
        access.require(self.actor, self.permission, unit=self.election.unit)

    def check_header(self, header) -> list[tuple[str, str]]:
        if "desa_code" not in header.index and not {"desa_name", "kecamatan"} <= header.index.keys():
            message = "Kolom 'Kode Desa' tidak ditemukan (atau isi kolom 'Desa/Kelurahan' dan 'Kecamatan')."
            return [("desa_code", message)]
        return []

    def prepare(self) -> None:
        self.scope = ScopeIndex(self.election)
        self.seen: dict[tuple[str, int], int] = {}
        self.unknown_codes: list[tuple[int, str]] = []  # (row, code) not in scope: resolved at the end

    def desa(self, row) -> str | None:
        if "desa_code" in row.invalid:
            return None
        code = row.values["desa_code"]
        if code is not None:
            if code not in self.scope.codes:
                self.unknown_codes.append((row.number, code))
                row.failed = True
                return None
            return code
        name, kec = row.values["desa_name"], row.values["kecamatan"]
        if not name or not kec:
            key = "desa_code" if "desa_code" in self.header.index else "desa_name"
            row.error(key, "Desa belum diisi (isi kode desa, atau nama desa/kelurahan dan kecamatan).")
            return None
        codes = self.scope.by_name.get((normalise(kec), normalise(name)), [])
        if len(codes) != 1:
            problem = "tidak ditemukan dalam cakupan pemilihan" if not codes else "bermakna ganda; pakai kode desa"
            row.error("desa_name", f"Desa {quote(name)} di Kecamatan {quote(kec)} {problem}.")
            return None
        return codes[0]

    def clean_row(self, row):
        values = row.values
        desa = self.desa(row)
        coords_ok = not {"lat", "lon"} & row.invalid
        if coords_ok and (values["lat"] is None) != (values["lon"] is None):
            missing = "lat" if values["lat"] is None else "lon"
            row.error(missing, "Koordinat harus berpasangan: lintang dan bujur diisi keduanya.")
        if desa is not None and values["number"] is not None:
            first = self.seen.setdefault((desa, values["number"]), row.number)
            if first != row.number:
                row.error("number", f"TPS {values['number']} di desa {desa} ganda: sudah ada di baris {first}.")
        if row.failed:
            return None
        return {**values, "row": row.number, "desa": desa}

    def finish(self, items: list) -> None:
        known = set(Region.objects.filter(code__in={c for _, c in self.unknown_codes}).values_list("code", flat=True))
        for number, code in self.unknown_codes:
            if code in known:
                self.row_error(number, "desa_code", f"Desa {code} berada di luar cakupan wilayah pemilihan ini.")
            else:
                self.row_error(number, "desa_code", f"Kode desa {code} tidak ditemukan dalam data wilayah Kemendagri.")
        self.polsek = self._polsek_map({item["desa"] for item in items})
        self._check_unit_scope(items)

    def _polsek_map(self, desa_codes: set[str]) -> dict[str, int]:
        mapping: dict[str, int] = {}
        for kab in sorted({".".join(code.split(".")[:2]) for code in desa_codes}):
            mapping.update(polsek_by_desa(kabupaten_code=kab))
        return mapping

    def unit_id(self, desa: str) -> int:
        return self.polsek.get(desa, self.election.unit_id)

    def _check_unit_scope(self, items: list) -> None:
        """A TPS whose Polsek lies outside the user's scope is a row error."""
        from siaga.units.models import Unit

        units = {u.pk: u for u in Unit.objects.filter(pk__in={self.unit_id(i["desa"]) for i in items})}
        outside = {pk for pk, unit in units.items() if not access.in_scope(self.actor, unit)}
        for item in items:
            unit_id = self.unit_id(item["desa"])
            if unit_id in outside:
                name = units[unit_id].name
                self.row_error(
                    item["row"], "desa_code", f"Desa {item['desa']} adalah wilayah {name}, di luar cakupan Anda."
                )

    def audit_object(self):
        return self.election.pk, str(self.election)

    def write(self, items: list) -> dict:
        election = self.election
        existing = {
            (s.desa_id, s.number): s
            for s in Station.objects.filter(election=election).only("id", "desa_id", "number", *WRITE_FIELDS)
        }
        created, updated = [], []
        for item in items:
            station = existing.get((item["desa"], item["number"]))
            if station is None:
                created.append(Station(election=election, desa_id=item["desa"], number=item["number"]))
                _apply(created[-1], item, self.unit_id(item["desa"]))
            elif _apply(station, item, self.unit_id(item["desa"])):
                updated.append(station)
        Station.objects.bulk_create(created, batch_size=2000)
        Station.objects.bulk_update(updated, WRITE_FIELDS, batch_size=1000)
        unchanged = len(items) - len(created) - len(updated)
        summary = f"{len(items)} baris: {len(created)} TPS baru, {len(updated)} diperbarui, {unchanged} tidak berubah."
        return {"created": len(created), "updated": len(updated), "unchanged": unchanged, "summary": summary}


def _apply(station: Station, item: dict, unit_id: int) -> bool:
    new = {key: item[key] for key in WRITE_FIELDS if key != "unit"} | {"unit_id": unit_id}
    changed = any(getattr(station, key) != value for key, value in new.items())
    for key, value in new.items():
        setattr(station, key, value)
    return changed


def station_import_enqueue(*, election, upload, user):
    """Stage a TPS file and start its import job (progress at /pekerjaan/<id>/)."""
    return import_enqueue(importer=StationImporter, actor=user, upload=upload, params={"election_id": election.pk})
