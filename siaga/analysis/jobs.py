"""Background runners of the analysis app (siaga.core.jobs); they call services and hold no logic."""

from siaga.analysis.importer import CaseImporter  # registered as "analysis.import"
from siaga.analysis.population import PopulationImporter  # registered as "analysis.import_population"
from siaga.core.jobs import JobError, job_runner

__all__ = ["CaseImporter", "PopulationImporter", "run_anev"]


@job_runner("analysis.anev")
def run_anev(job, document_id: int, kind: str = "custom") -> dict:
    from django.contrib.auth import get_user_model

    from siaga.analysis.models import AnevDocument
    from siaga.analysis.services import anev_write
    from siaga.core import access

    document = AnevDocument.objects.select_related("unit").filter(pk=document_id).first()
    if document is None:
        raise JobError("Dokumen Anev tidak ditemukan (mungkin sudah dihapus).")
    actor = access.SYSTEM
    if job.created_by_id:
        actor = get_user_model().objects.select_related("unit").get(pk=job.created_by_id)
    from django.core.exceptions import ValidationError

    try:
        result = anev_write(document=document, kind=kind, actor=actor, progress=job.report_progress)
    except ValidationError as exc:  # e.g. the unit's template can no longer be used: told, not a system error
        raise JobError(" ".join(exc.messages)[:300]) from exc
    note = " Tidak ada data gangguan kamtibmas pada periode ini." if result["empty"] else ""
    return {"message": "Dokumen Anev selesai.", "summary": f"DOCX dan PDF siap diunduh.{note}",
            "document_id": document.pk}  # fmt: skip
