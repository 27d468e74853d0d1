"""Choice sets of the personnel register."""

from django.db import models


class Rank(models.TextChoices):
    """Polri ranks (pangkat) from Bripda to AKBP, in ascending order."""

    BRIPDA = "bripda", "Bripda"
    BRIPTU = "briptu", "Briptu"
    BRIGPOL = "brigpol", "Brigpol"
    BRIPKA = "bripka", "Bripka"
    AIPDA = "aipda", "Aipda"
    AIPTU = "aiptu", "Aiptu"
    IPDA = "ipda", "Ipda"
    IPTU = "iptu", "Iptu"
    AKP = "akp", "AKP"
    KOMPOL = "kompol", "Kompol"
    AKBP = "akbp", "AKBP"


class Function(models.TextChoices):
    """The officer's function (fungsi) within the Polres/Polsek."""

    SAMAPTA = "samapta", "Samapta"
    INTELKAM = "intelkam", "Intelkam"
    RESKRIM = "reskrim", "Reskrim"
    RESNARKOBA = "resnarkoba", "Resnarkoba"
    LANTAS = "lantas", "Lantas"
    BINMAS = "binmas", "Binmas"
    BHABIN = "bhabinkamtibmas", "Bhabinkamtibmas"
    BRIMOB = "brimob_bko", "Brimob BKO"
    PROPAM = "propam", "Propam"
    HUMAS = "humas", "Humas"
    OPS = "bagops", "Bagops"
    LOG = "baglog", "Baglog / Sumda"
    TAHTI = "tahti", "Tahti"
    OTHER = "lainnya", "Lainnya"


class UnavailabilityReason(models.TextChoices):
    CUTI = "cuti", "Cuti"
    SAKIT = "sakit", "Sakit"
    DINAS = "dinas_lain", "Dinas lain"
    DIDIK = "pendidikan", "Pendidikan"
    OTHER = "lainnya", "Lainnya"


class Agency(models.TextChoices):
    TNI = "tni", "TNI"
    LINMAS = "linmas", "Linmas"
