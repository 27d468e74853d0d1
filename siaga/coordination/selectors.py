"""Reads of the coordination app."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from siaga.coordination.models import Directive, DirectiveTarget, Invitee, Meeting, PartnerContact
from siaga.core import access
from siaga.units.models import Unit


def meeting_list(*, user):
    """Meetings of the user's subtree (partners: of their agency or shared with it), plus those the user or the
    user's unit is invited to."""
    own = Meeting.objects.restrict(user)
    if not getattr(user, "is_authenticated", False) or access.is_admin(user) or user.unit_id is None:
        return own.select_related("unit")
    invited = Invitee.objects.filter(Q(user=user) | Q(unit_id=user.unit_id)).values("meeting_id")
    return Meeting.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=invited)).select_related("unit")


def meeting_get(*, user, pk: int) -> Meeting | None:
    return meeting_list(user=user).filter(pk=pk).first()


def meeting_invitees(meeting: Meeting):
    return list(meeting.invitees.select_related("unit", "user", "contact__unit"))


def meeting_calendar_items(*, user, start: date, end: date, election=None) -> list:
    from siaga.elections.calendar import CalendarItem

    qs = meeting_list(user=user).filter(starts_at__date__gte=start, starts_at__date__lte=end)
    if election is not None:
        qs = qs.filter(election=election)
    items = []
    for m in qs.only("title", "starts_at", "ends_at", "kind", "unit"):
        day = timezone.localtime(m.starts_at).date()
        last = timezone.localtime(m.ends_at).date() if m.ends_at else day
        items.append(CalendarItem("event", f"Rapat · {m.title}", day, max(day, last)))
    return items


def directive_list(*, user):
    """Directives the user's subtree issued, and those addressed to a unit of the user's subtree."""
    own = Directive.objects.restrict(user)
    if not getattr(user, "is_authenticated", False) or access.is_admin(user) or user.unit_id is None:
        return own.select_related("unit", "issued_by")
    if user.is_partner:
        return Directive.objects.none()
    addressed = DirectiveTarget.objects.restrict(user).values("directive_id")
    return Directive.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=addressed)).select_related(
        "unit", "issued_by"
    )


def directive_get(*, user, pk: int) -> Directive | None:
    return directive_list(user=user).filter(pk=pk).first()


def directive_targets(*, user, directive: Directive):
    """The recipients the user may see: all of them for the issuer's side, else those of the user's subtree."""
    qs = directive.targets.select_related("unit", "directive")
    if access.is_admin(user) or Directive.objects.restrict(user).filter(pk=directive.pk).exists():
        return list(qs)
    return list(qs.filter(unit__path__startswith=user.unit.path))


def my_targets(*, user):
    """Directives addressed to the user's unit (or its subtree) still open."""
    return (
        DirectiveTarget.objects.restrict(user)
        .exclude(status=DirectiveTarget.Status.DONE)
        .select_related("directive", "unit")
        .order_by("directive__deadline")
    )


STATE_LABELS = {
    "done": "Selesai",
    "escalated": "Terlambat (dieskalasi)",
    "overdue": "Lewat batas waktu",
    "in_progress": "Dilaksanakan",
    "acknowledged": "Diterima",
    "pending": "Belum dibaca",
}


def matrix(*, user, directives=None, today: date | None = None) -> dict:
    """Directive × unit: the state of every recipient, in two queries."""
    today = today or timezone.localdate()
    directives = list(directives if directives is not None else directive_list(user=user).order_by("-created_at")[:30])
    ids = [d.pk for d in directives]
    targets = DirectiveTarget.objects.filter(directive_id__in=ids).select_related("unit", "directive")
    if not access.is_admin(user):
        issued = set(Directive.objects.restrict(user).filter(pk__in=ids).values_list("pk", flat=True))
        targets = targets.filter(Q(directive_id__in=issued) | Q(unit__path__startswith=user.unit.path))
    units: dict[int, Unit] = {}
    cells: dict[tuple[int, int], dict] = {}
    for t in targets:
        units[t.unit_id] = t.unit
        state = t.state(today)
        cells[(t.directive_id, t.unit_id)] = {"state": state, "label": STATE_LABELS[state], "target": t}
    columns = sorted(units.values(), key=lambda u: u.path)
    rows = [{"directive": d, "cells": [cells.get((d.pk, u.pk)) for u in columns]} for d in directives]
    return {"columns": columns, "rows": rows, "labels": STATE_LABELS}


def partner_directory(*, user):
    """Partner agencies under the user's Polres (a partner: its own agency)."""
    from siaga.units.selectors import partners_for

    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    if access.is_admin(user):
        return Unit.objects.exclude(kind__in=Unit.POLICE_KINDS).order_by("kind", "name")
    if user.is_partner:
        return Unit.objects.filter(pk=user.unit_id)
    return partners_for(user=user).order_by("kind", "name")


def contacts_for(*, user, units):
    """People of the given agencies, only for roles that need them (`coordination.contacts`)."""
    if not access.can(user, "coordination.contacts"):
        return PartnerContact.objects.none()
    ids = [u.pk for u in units]
    visible = PartnerContact.objects.filter(unit_id__in=ids)
    if access.is_admin(user):
        return visible.select_related("unit", "region")
    return visible.filter(unit__path__startswith=_command_root(user).path).select_related("unit", "region")


def _command_root(user):
    from siaga.units.selectors import command_root

    return command_root(unit=user.unit)


def dashboard_panel(user) -> dict:
    if not getattr(user, "is_authenticated", False) or user.unit_id is None or user.is_partner:
        return {"show": False}
    today = timezone.localdate()
    issued = DirectiveTarget.objects.filter(directive__in=Directive.objects.restrict(user))
    escalated = issued.exclude(status=DirectiveTarget.Status.DONE).exclude(escalated_at=None)
    mine = my_targets(user=user)
    upcoming = meeting_list(user=user).filter(starts_at__gte=timezone.now()).order_by("starts_at")[:3]
    return {
        "show": True,
        "escalated": list(escalated.select_related("directive", "unit")[:8]),
        "mine": list(mine[:5]),
        "today": today,
        "meetings": list(upcoming),
    }


def _measure_sources():
    """measure code → (queryset, path of its unit's `path`, time field, label): the data that proves an arahan."""
    from siaga.deployment.models import DeploymentPlan
    from siaga.patrols.models import PatrolCheckin
    from siaga.reports.models import Report

    return {
        "patrol_checkins": (PatrolCheckin.objects.all(), "team__unit__path", "at", "kehadiran patroli"),
        "field_reports": (Report.objects.all(), "unit__path", "created_at", "laporan masuk"),
        "deployment_plans": (
            DeploymentPlan.objects.filter(status="approved"),
            "unit__path",
            "approved_at",
            "rencana disetujui",
        ),
    }


def measured(*, directive: Directive, targets) -> dict[int, int]:
    """For a measurable arahan, each recipient's count of proving records since the arahan was issued (one
    query per recipient, at most a few dozen)."""
    if not directive.measure:
        return {}
    qs, path, when, _label = _measure_sources()[directive.measure]
    since = qs.filter(**{f"{when}__gte": directive.created_at})
    return {t.pk: since.filter(**{f"{path}__startswith": t.unit.path}).count() for t in targets}
