"""Job runners used by the job tests, registered by reference like every runner."""

from siaga.core.jobs import JobError, job_runner


@job_runner("tests.count")
def counting_runner(job, *, upto: int):
    for i in range(upto):
        job.report_progress(i + 1, upto, f"baris {i + 1}")
    return {"summary": f"{upto} baris", "message": "Selesai menghitung"}


@job_runner("tests.fail")
def failing_runner(job):
    raise JobError("Berkas ditolak", errors=[{"row": 3, "column": "Kode Desa", "message": "tidak dikenal"}])


@job_runner("tests.flood")
def flooding_runner(job, *, count: int, size: int):
    raise JobError("x" * size, errors=[{"row": i, "column": "c" * size, "message": "m" * size} for i in range(count)])


@job_runner("tests.crash")
def crashing_runner(job):
    raise RuntimeError("boom at /srv/siaga/secret.py line 3")
