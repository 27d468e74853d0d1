import importlib

import pytest
from django.apps import apps

from siaga.core import jobs
from siaga.core.jobs import MAX_ERROR_TEXT, MAX_ERRORS, job_enqueue, job_execute, job_runner, runner_names
from siaga.core.models import Job
from tests.core.runners import counting_runner, crashing_runner, failing_runner, flooding_runner

pytestmark = pytest.mark.django_db


def _run(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(title="Uji", **kwargs)
    job.refresh_from_db()
    return job


def test_a_job_runs_on_commit_and_records_progress(django_capture_on_commit_callbacks, ops_user):
    job = _run(django_capture_on_commit_callbacks, runner=counting_runner, params={"upto": 5}, user=ops_user)
    assert job.kind == "tests.count" and job.params["runner"] == "tests.count"
    assert job.status == Job.Status.DONE and job.percent == 100
    assert job.progress == 5 and job.total == 5
    assert job.message == "Selesai menghitung" and job.result == {"summary": "5 baris"}
    assert job.unit == ops_user.unit and job.finished_at is not None


def test_an_expected_failure_keeps_its_row_errors(django_capture_on_commit_callbacks, ops_user):
    job = _run(django_capture_on_commit_callbacks, runner=failing_runner, params={}, user=ops_user)
    assert job.status == Job.Status.FAILED and job.message == "Berkas ditolak"
    assert job.errors == [{"row": 3, "column": "Kode Desa", "message": "tidak dikenal"}]


def test_error_rows_and_messages_are_capped(django_capture_on_commit_callbacks, ops_user):
    params = {"count": MAX_ERRORS + 50, "size": 100_000}
    job = _run(django_capture_on_commit_callbacks, runner=flooding_runner, params=params, user=ops_user)
    assert job.status == Job.Status.FAILED and len(job.message) <= 300
    assert len(job.errors) == MAX_ERRORS + 1 and "50 kesalahan lain" in job.errors[-1]["message"]
    assert all(len(e["message"]) <= MAX_ERROR_TEXT and len(e["column"]) <= MAX_ERROR_TEXT for e in job.errors)


def test_a_crash_ends_the_job_visibly_without_internals(django_capture_on_commit_callbacks, ops_user):
    job = _run(django_capture_on_commit_callbacks, runner=crashing_runner, params={}, user=ops_user)
    assert job.status == Job.Status.FAILED and "Kesalahan sistem" in job.message and f"#{job.pk}" in job.message
    assert "boom" not in job.message and "secret.py" not in str(job.errors) and job.errors == []


def test_only_registered_runners_can_be_enqueued():
    def stray(job):
        return {}

    with pytest.raises(ValueError, match="not a registered job runner"):
        job_enqueue(runner=stray, title="x", params={})
    with pytest.raises(ValueError, match="app_label"):
        job_runner("Tests.Count")
    with pytest.raises(ValueError, match="already registered"):
        job_runner("tests.count")(stray)


def test_the_worker_resolves_names_only_through_the_registry(ops_user):
    dotted = Job.objects.create(kind="x", title="x", params={"runner": "tests.core.runners.counting_runner"})
    job_execute(dotted)
    dotted.refresh_from_db()
    assert dotted.status == Job.Status.FAILED and "tidak dikenal" in dotted.message and dotted.started_at is None


def test_every_runner_in_the_project_is_registered_under_one_naming_rule():
    names = set(runner_names())
    expected = {"stations.import", "personnel.import", "risk.import", "risk.recompute", "patrols.import"}
    assert expected | {"patrols.plan", "deployment.plan"} <= names
    assert all(jobs.NAME_RE.match(name) for name in names)


def test_the_data_migration_renames_old_dotted_runners(ops_user):
    migration = importlib.import_module("siaga.core.migrations.0002_job_runner_names")
    done = Job.objects.create(
        kind="risk_recompute", title="a", status="done", params={"runner": "siaga.risk.jobs.run_recompute"}
    )
    queued_plan = Job.objects.create(
        kind="patrol_plan", title="b", params={"runner": "siaga.patrols.jobs.run_patrol_plan", "plan_id": 1}
    )
    queued_import = Job.objects.create(
        kind="personnel_import",
        title="c",
        params={"runner": "siaga.personnel.services.personnel_import_runner", "stored": "x"},
    )
    migration.forwards(apps, None)
    done.refresh_from_db(), queued_plan.refresh_from_db(), queued_import.refresh_from_db()
    assert (done.kind, done.params["runner"], done.status) == ("risk.recompute", "risk.recompute", "done")
    assert queued_plan.params == {"runner": "patrols.plan", "plan_id": 1} and queued_plan.status == "queued"
    assert queued_import.status == "failed" and "unggah ulang" in queued_import.message


def test_the_progress_fragment_is_scoped_to_the_unit(
    django_capture_on_commit_callbacks, ops_user, polsek_a_user, login
):
    job = _run(django_capture_on_commit_callbacks, runner=counting_runner, params={"upto": 2}, user=ops_user)
    page = login(ops_user).get(f"/pekerjaan/{job.pk}/")
    assert page.status_code == 200 and "100%" in page.content.decode()
    assert login(polsek_a_user).get(f"/pekerjaan/{job.pk}/").status_code == 404


def test_a_fresh_process_knows_every_runner_declared_in_the_code():
    """The worker imports no view: every @job_runner in siaga/ must be registered by start-up discovery alone."""
    import re
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    declared = set()
    for path in (root / "siaga").rglob("*.py"):
        declared |= set(re.findall(r'@job_runner\("([a-z0-9_.]+)"\)', path.read_text()))
    code = "import django; django.setup(); from siaga.core.jobs import runner_names; print(' '.join(runner_names()))"
    env = {**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert declared and declared <= set(out.stdout.split()), declared - set(out.stdout.split())
