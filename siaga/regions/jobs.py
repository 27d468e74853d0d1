"""Background job runners for regions (siaga.core.jobs): they call services and report progress, nothing else."""

from pathlib import Path

from siaga.core.access import SYSTEM
from siaga.core.jobs import JobError, job_runner
from siaga.regions.boundaries import BoundaryError, boundaries_import


@job_runner("regions.boundaries")
def run_boundaries_import(job, *, path: str, filename: str, source: str, kabupaten: str = "", level: str = ""):
    file = Path(path)
    try:
        data = file.read_bytes()
        # the admin's decision was checked when the job was queued (boundaries_import_enqueue)
        return boundaries_import(
            actor=SYSTEM,
            data=data,
            filename=filename,
            source=source,
            kabupaten=kabupaten,
            level=level,
            progress=job.report_progress,
        )
    except BoundaryError as exc:
        raise JobError(str(exc), exc.errors) from exc
    finally:
        file.unlink(missing_ok=True)
