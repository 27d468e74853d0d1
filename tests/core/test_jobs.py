import pytest

from siaga.core.jobs import job_enqueue
from siaga.core.models import Job

pytestmark = pytest.mark.django_db


def _run(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="uji", title="Uji", **kwargs)
    job.refresh_from_db()
    return job


def test_a_job_runs_on_commit_and_records_progress(django_capture_on_commit_callbacks, ops_user):
    job = _run(
        django_capture_on_commit_callbacks,
        runner="tests.core.runners.counting_runner",
        params={"upto": 5},
        user=ops_user,
    )
    assert job.status == Job.Status.DONE and job.percent == 100
    assert job.progress == 5 and job.total == 5
    assert job.message == "Selesai menghitung" and job.result == {"summary": "5 baris"}
    assert job.unit == ops_user.unit and job.finished_at is not None


def test_an_expected_failure_keeps_its_row_errors(django_capture_on_commit_callbacks, ops_user):
    job = _run(django_capture_on_commit_callbacks, runner="tests.core.runners.failing_runner", params={}, user=ops_user)
    assert job.status == Job.Status.FAILED and job.message == "Berkas ditolak"
    assert job.errors == [{"row": 3, "column": "Kode Desa", "message": "tidak dikenal"}]


def test_a_crash_ends_the_job_visibly(django_capture_on_commit_callbacks, ops_user):
    job = _run(
        django_capture_on_commit_callbacks, runner="tests.core.runners.crashing_runner", params={}, user=ops_user
    )
    assert job.status == Job.Status.FAILED and "boom" in job.message


def test_the_progress_fragment_is_scoped_to_the_unit(
    django_capture_on_commit_callbacks, ops_user, polsek_a_user, login
):
    job = _run(
        django_capture_on_commit_callbacks,
        runner="tests.core.runners.counting_runner",
        params={"upto": 2},
        user=ops_user,
    )
    page = login(ops_user).get(f"/pekerjaan/{job.pk}/")
    assert page.status_code == 200 and "100%" in page.content.decode()
    assert login(polsek_a_user).get(f"/pekerjaan/{job.pk}/").status_code == 404
