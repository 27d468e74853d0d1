from django.db import models


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    X = "x", "X (Twitter)"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    WHATSAPP = "whatsapp", "WhatsApp"
    OTHER = "other", "Lainnya"


class Source(models.TextChoices):
    IMPORT = "import", "Impor berkas"
    API = "api", "API perayap"
    MANUAL = "manual", "Input manual"
    DEMO = "demo", "Demo"


class Review(models.TextChoices):
    PENDING = "pending", "Belum ditinjau"
    CONFIRMED = "confirmed", "Dikonfirmasi"
    CORRECTED = "corrected", "Dikoreksi"


class CaseStatus(models.TextChoices):
    FLAGGED = "flagged", "Ditandai"
    REVIEWED = "reviewed", "Ditelaah"
    ACTION = "action", "Tindakan"
    CLOSED = "closed", "Selesai"


class CaseAction(models.TextChoices):
    TAKEDOWN = "takedown", "Permintaan takedown ke Komdigi"
    COUNTER = "counter_narrative", "Kontra-narasi"
    CLARIFICATION = "clarification", "Klarifikasi Humas"
    GAKKUMDU = "gakkumdu", "Rujukan ke Sentra Gakkumdu"
    CYBER_UNIT = "cyber_unit", "Rujukan ke unit siber (ITE)"


class CustodyAction(models.TextChoices):
    CAPTURE = "capture", "Diamankan"
    VIEW = "view", "Dilihat"
    EXPORT = "export", "Diekspor"


TRANSITIONS = {
    CaseStatus.FLAGGED: (CaseStatus.REVIEWED, CaseStatus.CLOSED),
    CaseStatus.REVIEWED: (CaseStatus.ACTION, CaseStatus.CLOSED),
    CaseStatus.ACTION: (CaseStatus.ACTION, CaseStatus.CLOSED),
    CaseStatus.CLOSED: (),
}
