from siaga.community.importer import RwImporter, TokohImporter  # registered as community.import_tokoh / _rw
from siaga.core.jobs import job_runner

__all__ = ["RwImporter", "TokohImporter", "run_visit_plan"]


@job_runner("community.plan")
def run_visit_plan(job, *, plan_id: int) -> dict:
    from siaga.community.models import VisitPlan
    from siaga.community.services import visit_plan_compute

    plan = VisitPlan.objects.select_related("unit").get(pk=plan_id)
    result = visit_plan_compute(plan=plan, progress=lambda i, n: job.report_progress(i, n, "Menyusun rencana…"))
    stops = sum(len(o["stops"]) for o in result["officers"])
    text = f"{stops} kunjungan direncanakan untuk {len(result['officers'])} petugas."
    return {"message": "Rencana kunjungan selesai dihitung.", "summary": text, "plan_id": plan.pk}
