from django.core.exceptions import ValidationError
from django.db import transaction

from siaga.core import access
from siaga.patrols.models import PatrolTeam, Shift

TEAM_FIELDS = (
    "unit",
    "name",
    "polri_count",
    "tni_count",
    "satpolpp_count",
    "dishub_count",
    "vehicle",
    "base_name",
    "base_lat",
    "base_lon",
    "speed_kmh",
    "visits_per_shift",
    "is_active",
)


@transaction.atomic
def patrol_team_save(*, actor, data: dict, partners=None, members=None, team: PatrolTeam | None = None) -> PatrolTeam:
    """Create or update a team; the actor needs ``patrols.change`` on its unit (the current and the new one)."""
    if team is not None:
        access.require(actor, "patrols.change", team)
    if team is None or "unit" in data:
        access.require(actor, "patrols.change", unit=data.get("unit") or getattr(team, "unit", None))
    team = team or PatrolTeam()
    for field in TEAM_FIELDS:
        if field in data:
            setattr(team, field, data[field])
    team.full_clean()
    team.save()
    if partners is not None:
        team.partners.set(partners)
    if members is not None:
        team.members.set(members)
    return team


@transaction.atomic
def patrol_team_delete(*, actor, team: PatrolTeam) -> None:
    """Delete a team without check-ins (its shifts and planned stops go with it); a team with check-ins is refused."""
    access.require(actor, "patrols.change", team)
    PatrolTeam.objects.select_for_update().filter(pk=team.pk).first()  # a concurrent check-in waits for us
    checkins = team.checkins.count()
    if checkins:
        raise ValidationError(
            f"Tim “{team.name}” tidak dapat dihapus karena sudah mencatat {checkins} check-in patroli; riwayat "
            "check-in harus tetap tersimpan. Nonaktifkan tim (hapus centang “aktif”) agar tidak dijadwalkan lagi."
        )
    team.delete()


def shift_create(*, actor, team: PatrolTeam, start, end, days: str = "0123456", name: str = "") -> Shift:
    access.require(actor, "patrols.change", team)
    if start == end:
        raise ValidationError("Jam mulai dan selesai shift tidak boleh sama.")
    days = "".join(sorted(set(days)))
    if not days or any(d not in "0123456" for d in days):
        raise ValidationError("Pilih minimal satu hari untuk shift.")
    shift = Shift(team=team, start=start, end=end, days=days, name=name)
    shift.full_clean()
    shift.save()
    return shift
