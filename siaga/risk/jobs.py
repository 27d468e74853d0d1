"""Background job runners (siaga.core.jobs): they call services and report progress, nothing else."""

from pathlib import Path

from django.db import transaction

from siaga.accounts.models import User
from siaga.core.audit import audit_record
from siaga.core.jobs import JobError
from siaga.elections.models import Election
from siaga.risk.imports import parse_checklist, read_rows
from siaga.risk.services import categories_recompute, profile_get_or_create
from siaga.risk.services.checklist import checklist_write


def run_recompute(job, *, election_id: int, actor_id: int | None = None) -> dict:
    election = Election.objects.get(pk=election_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    result = categories_recompute(election=election, actor=actor, progress=job.report_progress)
    result["summary"] = f"{result['stations']} TPS dihitung ulang, {result['changed']} berubah kategori."
    return result


def run_checklist_import(job, *, election_id: int, actor_id: int, path: str) -> dict:
    election = Election.objects.get(pk=election_id)
    actor = User.objects.get(pk=actor_id)
    profile = profile_get_or_create(election=election)
    file = Path(path)
    try:
        job.report_progress(0, 3, "Membaca berkas…")
        try:
            rows = read_rows(file)
        except Exception as exc:  # noqa: BLE001 - any unreadable file is a user error
            raise JobError(f"Berkas tidak dapat dibaca: {exc}") from exc
        parsed = parse_checklist(rows=rows, profile=profile, user=actor)
        if parsed.errors:
            raise JobError(
                f"Berkas ditolak: {len(parsed.errors)} kesalahan. Tidak ada data yang diubah.", parsed.errors
            )
        job.report_progress(1, 3, f"Menyimpan {len(parsed.values)} TPS…")
        changed = _write(profile, parsed, actor)
        job.report_progress(2, 3, "Menghitung ulang kategori…")
        result = categories_recompute(election=election, actor=actor)
    finally:
        file.unlink(missing_ok=True)
    summary = (
        f"{len(parsed.values)} TPS dibaca, {changed} daftar periksa berubah, {result['changed']} kategori berubah."
    )
    return {"rows": len(parsed.values), "changed": changed, "summary": summary}


def _write(profile, parsed, actor) -> int:
    from siaga.risk.services.checklist import _current

    with transaction.atomic():
        current = _current(list(parsed.values))
        columns = set(parsed.columns)
        # Columns absent from the file keep their current value.
        values = {sid: (current[sid] - columns) | yes for sid, yes in parsed.values.items()}
        changed = checklist_write(profile=profile, values=values, actor=actor, source="impor", audit_each=False)
        audit_record(
            action="import", model="risk.StationIndicator", object_id=profile.election_id,
            object_repr=f"Impor daftar periksa {profile.election}",
            changes={"tps": len(values), "berubah": changed, "kolom": sorted(columns)},
        )  # fmt: skip
    return changed
