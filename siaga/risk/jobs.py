"""Background job runners of the risk app (siaga.core.jobs): they call services and report progress, nothing else.

Services are imported inside the runners, so that services may refer to the runners they enqueue."""

from siaga.core.jobs import job_runner
from siaga.risk.imports import ChecklistImporter

__all__ = ["ChecklistImporter", "run_recompute"]  # ChecklistImporter is registered as "risk.import"


@job_runner("risk.recompute")
def run_recompute(job, *, election_id: int, actor_id: int | None = None) -> dict:
    from siaga.accounts.models import User
    from siaga.elections.models import Election
    from siaga.risk.services import categories_recompute

    election = Election.objects.get(pk=election_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    result = categories_recompute(election=election, actor=actor, progress=job.report_progress)
    result["summary"] = f"{result['stations']} TPS dihitung ulang, {result['changed']} berubah kategori."
    return result
