"""Jobs on Redis (RQ through django-tasks-rq): a real worker killed mid-plan, Redis stopped.

Run only in the scale configuration (.ci/run's third step: SIAGA_REDIS_URL, SIAGA_TASKS_BACKEND=rq, PostgreSQL)."""

import psycopg
import pytest
from django.db import connection, transaction
from django.tasks import task_backends
from django.test import override_settings

from siaga.core import access
from siaga.core.models import Job
from siaga.core.taskqueue import QueueUnavailable
from siaga.deployment.fanout import plan_run_national
from siaga.deployment.models import Assignment, DeploymentPlan, PlanPost
from tests.scale.services import RedisServer, kill_worker, run_worker_burst, start_worker, wait_for

pytestmark = [pytest.mark.scale, pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def clean_queue():
    import django_rq

    django_rq.get_connection("default").flushdb()
    yield
    django_rq.get_connection("default").flushdb()


def _plans_of(job):
    job.refresh_from_db()
    return DeploymentPlan.objects.filter(pk__in=job.result.get("plan_ids", []))


def test_django_tasks_rq_backs_django_tasks_on_django_6():
    from django.tasks.base import Task

    from siaga.core.jobs import run_job
    from siaga.core.tasks_rq import RQBackend, queues

    assert isinstance(task_backends["default"], RQBackend) and isinstance(run_job, Task)
    result = run_job.enqueue(0)
    assert queues()[0].job_ids == [result.id]


def test_a_worker_killed_mid_plan_leaves_nothing_half_written_and_the_retry_writes_one_version(polda_operation):
    polda = polda_operation
    worker = start_worker()
    db = connection.settings_dict
    # Officers locked from a second session: a plan's commit waits on its assignments' foreign keys (checked at
    # COMMIT) with every row of the plan written.
    locker = psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"])
    try:
        locker.execute("SELECT id FROM personnel_personnel FOR UPDATE")
        job = plan_run_national(user=access.SYSTEM, operation=polda.operation, unit=polda.district.polda)
        wait_for(lambda: _plans_of(job).count() == 2, "rencana draf dibuat oleh pekerjaan induk", log=worker)
        blocked = wait_for(_blocked_backend, "anak pekerjaan menunggu di COMMIT rencananya", log=worker)
        kill_worker(worker)
        with connection.cursor() as cursor:  # the dead host's session, dropped as TCP keepalive would
            cursor.execute("SELECT pg_terminate_backend(%s)", [blocked])
        locker.rollback()
        plans = list(_plans_of(job))
        assert all(p.status == DeploymentPlan.Status.DRAFT for p in plans), "nothing half-written"
        assert not PlanPost.objects.filter(plan__in=plans).exists()
        assert not Assignment.objects.filter(plan__in=plans).exists()
        assert Job.objects.filter(kind="deployment.plan_part", status=Job.Status.RUNNING).count() == 1

        output = run_worker_burst()  # a new worker on this machine hands the dead worker's job back to RQ
        job.refresh_from_db()
        assert job.status == Job.Status.DONE, (job.message, output)
        assert (job.progress, job.total) == (2, 2)
        for plan in _plans_of(job):
            assert plan.status == DeploymentPlan.Status.COMPUTED
            assert DeploymentPlan.objects.filter(election=plan.election, unit=plan.unit).count() == 1
            assert PlanPost.objects.filter(plan=plan).count() == plan.summary["posts"]
            assert Job.objects.get(pk=plan.job_id).status == Job.Status.DONE
    finally:
        locker.close()
        if worker.poll() is None:
            kill_worker(worker)


def _blocked_backend():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid() AND query ILIKE 'COMMIT%%'"
        )
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.fixture
def own_redis():
    server = RedisServer()
    server.start()
    queues = {"default": {"URL": server.url, "DEFAULT_TIMEOUT": 600, "QUEUE_CLASS": "siaga.core.tasks_rq.SiagaQueue",
                          "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 2}}  # fmt: skip
    with override_settings(RQ_QUEUES=queues):  # django-rq reads RQ_QUEUES on every use
        try:
            yield server
        finally:
            server.stop()


def test_redis_stopped_refuses_a_plan_run_with_a_clear_message_and_writes_nothing(polda_operation, own_redis):
    own_redis.stop()
    with pytest.raises(QueueUnavailable, match="Antrean pekerjaan latar \\(Redis\\) tidak dapat dihubungi"):
        plan_run_national(user=access.SYSTEM, operation=polda_operation.operation)
    assert not Job.objects.exists() and not DeploymentPlan.objects.exists()


def test_redis_lost_before_the_commit_marks_the_job_failed_not_silently_queued(polda_operation, own_redis):
    with transaction.atomic():
        job = plan_run_national(user=access.SYSTEM, operation=polda_operation.operation)
        own_redis.stop()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "Redis" in job.message


@override_settings(SIAGA_TASKS_FALLBACK="db")
def test_redis_stopped_with_the_database_fallback_loses_no_job(polda_operation, own_redis):
    from django_tasks_db.models import DBTaskResult

    from siaga.core.management.commands.worker import SiagaWorker

    own_redis.stop()
    with transaction.atomic():  # one job refused by Redis at the check, one lost between check and commit
        first = plan_run_national(user=access.SYSTEM, operation=polda_operation.operation)
    assert DBTaskResult.objects.filter(backend_name="db", args_kwargs__args=[first.pk]).count() == 1
    SiagaWorker(queue_names=["default"], interval=0, batch=True, backend_name="db", startup_delay=False,
                max_tasks=None, worker_id="uji-db", excluded_queue_names=[], housekeeping_every=3600).run()  # fmt: skip
    first.refresh_from_db()
    assert first.status == Job.Status.DONE and first.progress == first.total == 2
    assert DeploymentPlan.objects.filter(status=DeploymentPlan.Status.COMPUTED).count() == 2


def test_a_job_redis_lost_in_a_restart_is_queued_again_and_runs_once(polda_operation):
    import django_rq

    from siaga.core.tasks_rq import requeue_lost

    job = plan_run_national(user=access.SYSTEM, operation=polda_operation.operation)
    assert requeue_lost(older_than=0) == []  # still in Redis: left alone
    django_rq.get_connection("default").flushdb()  # Redis restarted without persistence: its queue is gone
    assert requeue_lost(older_than=0) == [job.pk]
    assert requeue_lost(older_than=0) == []  # queued again once
    run_worker_burst()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == job.total == 2
    assert DeploymentPlan.objects.count() == 2


def _blocked(app: str | None = None) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND query ILIKE 'COMMIT%%' AND application_name LIKE %s",
            [app or "siaga-worker-%"],
        )
        return [row[0] for row in cursor.fetchall()]


def test_two_workers_one_killed_mid_plan_the_other_finishes_the_run(polda_operation):
    polda = polda_operation
    workers = {name: start_worker("--housekeeping", "1", name=name) for name in ("siaga-worker-a", "siaga-worker-b")}
    db = connection.settings_dict
    locker = psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"])
    try:
        locker.execute("SELECT id FROM personnel_personnel FOR UPDATE")
        job = plan_run_national(user=access.SYSTEM, operation=polda.operation, unit=polda.district.polda)
        # the parent ran on one worker; each worker now holds one Polres plan, waiting in its COMMIT
        wait_for(lambda: len(_blocked()) == 2, "kedua pekerja menunggu di COMMIT", log=workers["siaga-worker-a"])
        kill_worker(workers["siaga-worker-a"])
        with connection.cursor() as cursor:  # the dead host's session, dropped as TCP keepalive would
            cursor.execute("SELECT pg_terminate_backend(%s)", _blocked("siaga-worker-a"))
        locker.rollback()
        # worker b commits its own plan, then its housekeeping hands a's job back to RQ and runs it
        wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, "induk selesai", log=workers["siaga-worker-b"])
        job.refresh_from_db()
        assert job.status == Job.Status.DONE and (job.progress, job.total) == (2, 2), job.message
        for plan in _plans_of(job):
            assert plan.status == DeploymentPlan.Status.COMPUTED
            assert DeploymentPlan.objects.filter(election=plan.election, unit=plan.unit).count() == 1
            assert PlanPost.objects.filter(plan=plan).count() == plan.summary["posts"]
    finally:
        locker.close()
        for worker in workers.values():
            if worker.poll() is None:
                kill_worker(worker)


def test_the_compute_button_with_redis_down_answers_503_in_indonesian(polda_operation, own_redis, ops_user, client):
    from siaga.deployment.services import deployment_plan_create

    election = polda_operation.elections[0]
    plan = deployment_plan_create(user=access.SYSTEM, operation=polda_operation.operation, election=election)
    own_redis.stop()
    client.force_login(ops_user)
    response = client.post(f"/plotting/{plan.pk}/hitung/")
    assert response.status_code == 503
    assert "Antrean pekerjaan latar (Redis) tidak dapat dihubungi" in response.content.decode()
    plan.refresh_from_db()
    assert plan.job_id is None and not Job.objects.exists()


def test_a_worker_with_redis_down_runs_the_database_fallback_queue_so_no_job_is_lost(polda_operation, own_redis):
    own_redis.stop()
    with override_settings(SIAGA_TASKS_FALLBACK="db"):
        job = plan_run_national(user=access.SYSTEM, operation=polda_operation.operation)
    env = {"SIAGA_REDIS_URL": own_redis.url, "SIAGA_TASKS_FALLBACK": "db"}
    worker = start_worker("--housekeeping", "1", env=env)  # starts although Redis is down
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, "induk selesai lewat antrean basis data", log=worker)
        job.refresh_from_db()
        assert job.status == Job.Status.DONE and job.progress == job.total == 2
        assert DeploymentPlan.objects.filter(status=DeploymentPlan.Status.COMPUTED).count() == 2
        assert worker.poll() is None, "the worker keeps running, waiting for Redis"
    finally:
        kill_worker(worker)
