"""Background runners of the patrols app (siaga.core.jobs): they call services and hold no logic.

Services are imported inside the runners, so that services may refer to the runners they enqueue."""

from siaga.core.jobs import JobError, job_runner
from siaga.patrols.choices import PlanStatus
from siaga.patrols.importer import ObjectImporter  # registered as "patrols.import"
from siaga.patrols.models import PatrolPlan

__all__ = ["ObjectImporter", "run_patrol_plan"]


@job_runner("patrols.plan")
def run_patrol_plan(job, plan_id: int) -> dict:
    from siaga.patrols.services import patrol_plan_compute

    plan = PatrolPlan.objects.select_related("unit").filter(pk=plan_id).first()
    if plan is None:
        raise JobError("Rencana patroli tidak ditemukan (mungkin sudah dihapus).")
    if plan.status == PlanStatus.DONE:
        return {"message": "Rencana patroli sudah dihitung.", "plan_id": plan.pk}
    try:
        summary = patrol_plan_compute(plan=plan, progress=job.report_progress)
    except Exception:
        PatrolPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.FAILED)
        raise
    text = (
        f"{summary['visits']} kunjungan dalam {summary['periods']} shift; {len(summary['never'])} objek tak tercakup."
    )
    return {"message": "Rencana patroli selesai dihitung.", "summary": text, "plan_id": plan.pk}
