from django.db import models


class BeatKind(models.TextChoices):
    DESA = "desa", "Desa (Bhabinkamtibmas)"
    RW = "rw", "RW (Polisi RW)"
    RT = "rt", "RT"


class TokohKind(models.TextChoices):
    AGAMA = "tokoh_agama", "Tokoh agama"
    MASYARAKAT = "tokoh_masyarakat", "Tokoh masyarakat"
    ADAT = "tokoh_adat", "Tokoh adat"
    PEMUDA = "tokoh_pemuda", "Tokoh pemuda"
    PERANGKAT = "perangkat_desa", "Perangkat desa"
    CALON_KADES = "calon_kades", "Calon kepala desa"
    CALON_LAIN = "calon_lain", "Calon lainnya"
    ORMAS = "ormas", "Pimpinan ormas"
    MEDSOS = "pegiat_medsos", "Pegiat media sosial"
    MEDIA = "media", "Media / wartawan"


class VisitKind(models.TextChoices):
    SAMBANG = "sambang", "Sambang"
    DDS = "dds", "Door to door (DDS)"
    SAMBUNG_ROSO = "sambung_roso", "Sambung roso"
    MASJID = "ceramah_masjid", "Tatap muka di masjid / tempat ibadah"
    POS_RONDA = "pos_ronda", "Tatap muka di pos ronda"


class Audience(models.TextChoices):
    TOKOH = "tokoh", "Tokoh"
    WARGA = "warga", "Warga"
    KELOMPOK = "kelompok", "Kelompok"


class AspirationKind(models.TextChoices):
    ASPIRASI = "aspirasi", "Aspirasi"
    KELUHAN = "keluhan", "Keluhan"


class AspirationTopic(models.TextChoices):
    PEMILU = "pemilu", "Pemilihan / penyelenggaraan"
    KAMTIBMAS = "kamtibmas", "Kamtibmas"
    INFRASTRUKTUR = "infrastruktur", "Infrastruktur"
    SOSIAL = "sosial", "Sosial / bantuan"
    HOAKS = "hoaks", "Hoaks / provokasi"
    LAINNYA = "lainnya", "Lainnya"


class AspirationStatus(models.TextChoices):
    RECORDED = "recorded", "Dicatat"
    ROUTED = "routed", "Diteruskan"
    ANSWERED = "answered", "Dijawab"
    RETURNED = "returned", "Disampaikan ke warga"


OPEN_ASPIRATION = (AspirationStatus.RECORDED, AspirationStatus.ROUTED)


class CampaignKind(models.TextChoices):
    PEMILU_DAMAI = "pemilu_damai", "Pemilu damai"
    ANTI_HOAKS = "anti_hoaks", "Anti hoaks"
    KONTRA_HOAKS = "kontra_hoaks", "Kontra hoaks tertentu"
    COOLING_SYSTEM = "cooling_system", "Cooling system"


class ReachChannel(models.TextChoices):
    VISIT = "visit", "Kunjungan"
    KHOTBAH = "khotbah", "Khotbah / ceramah"
    WHATSAPP = "whatsapp", "Grup WhatsApp"


class PositionCheck(models.TextChoices):
    INSIDE = "inside", "Di dalam wilayah binaan"
    OUTSIDE = "outside", "Di luar wilayah binaan"
    UNKNOWN = "unknown", "Tanpa posisi"
