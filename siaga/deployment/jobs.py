"""Background job runners of the deployment app (siaga.core.jobs discovers this module).

The service is imported inside the runner, so that services may refer to the runner they enqueue."""

from siaga.core.jobs import job_runner


@job_runner("deployment.plan")
def run_deployment_plan(job, *, plan_id: int) -> dict:
    from siaga.deployment.services import deployment_plan_runner

    return deployment_plan_runner(job, plan_id=plan_id)


@job_runner("deployment.plan_all")
def run_deployment_plan_all(job, **params) -> dict:
    """A Polda/national run: one child job per Polres (siaga.deployment.fanout)."""
    from siaga.deployment.fanout import plan_all_runner

    return plan_all_runner(job, **params)


@job_runner("deployment.plan_part")
def run_deployment_plan_part(job, *, plan_id: int, parent_id: int) -> dict:
    from siaga.deployment.fanout import plan_part_runner

    return plan_part_runner(job, plan_id=plan_id, parent_id=parent_id)
