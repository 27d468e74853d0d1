"""Background job runners of the deployment app (siaga.core.jobs discovers this module).

The service is imported inside the runner, so that services may refer to the runner they enqueue."""

from siaga.core.jobs import job_runner


@job_runner("deployment.plan")
def run_deployment_plan(job, *, plan_id: int) -> dict:
    from siaga.deployment.services import deployment_plan_runner

    return deployment_plan_runner(job, plan_id=plan_id)
