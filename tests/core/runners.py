"""Job runners used by the job tests (a runner is any importable function)."""

from siaga.core.jobs import JobError


def counting_runner(job, *, upto: int):
    for i in range(upto):
        job.report_progress(i + 1, upto, f"baris {i + 1}")
    return {"summary": f"{upto} baris", "message": "Selesai menghitung"}


def failing_runner(job):
    raise JobError("Berkas ditolak", errors=[{"row": 3, "column": "Kode Desa", "message": "tidak dikenal"}])


def crashing_runner(job):
    raise RuntimeError("boom")
