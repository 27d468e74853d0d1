"""Reads for elections. Elections belong to a Polres; its Polsek and partner agencies below it see the
Polres's elections too (the election itself is public knowledge), so the visible set is the user's subtree
(`restrict`) plus the elections owned by the units above the user. Partners see no police operation and no police
calendar entry of the units above them."""

from datetime import date

from django.db.models import Q

from siaga.elections.calendar import CalendarItem, MonthGrid, month_grid
from siaga.elections.models import CalendarEvent, Election, Operation
from siaga.units.models import Unit


def _ancestor_codes(user) -> list[str]:
    if not user.is_authenticated or user.unit_id is None:
        return []
    return [code for code in user.unit.path.strip("/").split("/") if code]


def _visible(model, user, *, partner_ancestors: Q | None = None):
    """The user's own and shared records plus those of the units above. A partner agency sees of the Polres's
    records only what is public (`partner_ancestors`; None: nothing) — police operations and police calendar
    entries are the Polres's business unless shared."""
    own = model.objects.restrict(user)
    if not user.is_authenticated or not user.is_active:
        return own
    above = Q(unit__code__in=_ancestor_codes(user))
    if getattr(user, "is_partner", False):
        if partner_ancestors is None:
            return own
        above &= partner_ancestors
    return model.objects.filter(Q(pk__in=own.values("pk")) | above)


def election_list(*, user):
    # the election itself (stages, candidates, area) is public knowledge, for partners too
    return _visible(Election, user, partner_ancestors=Q()).select_related("unit").order_by("-voting_day", "name")


def election_get(*, user, pk: int) -> Election | None:
    return election_list(user=user).filter(pk=pk).first()


def _under_way(election: Election, today: date) -> bool:
    """Today is within the election's stages (first start to last end; the voting day alone without stages)."""
    stages = list(election.stages.all())
    start = min([s.start for s in stages], default=election.voting_day)
    end = max([s.end for s in stages], default=election.voting_day)
    return start <= today <= end


def active_voting_day(elections, *, today: date) -> date | None:
    """The voting day of the active election among `elections` (an iterable, stages prefetched): the nearest
    voting day of those under way (first stage to last), else the nearest upcoming one, else the latest one;
    None without elections. Several elections share a day in a serentak round: the caller picks among them."""
    elections = list(elections)
    under_way = [e.voting_day for e in elections if _under_way(e, today)]
    if under_way:
        return min(under_way, key=lambda day: (abs((day - today).days), day))
    upcoming = [e.voting_day for e in elections if e.voting_day >= today]
    if upcoming:
        return min(upcoming)
    return max((e.voting_day for e in elections), default=None)


def calendar_default_month(*, user, today: date) -> date:
    """Where the calendar opens: today while one of the user's elections is under way (first stage to last),
    otherwise the voting day of the nearest upcoming election, or of the latest one."""
    elections = list(election_list(user=user).prefetch_related("stages"))
    if any(_under_way(election, today) for election in elections):
        return today
    return active_voting_day(elections, today=today) or today


def election_detail(*, election: Election, user) -> dict:
    return {
        "stages": list(election.stages.all()),
        "candidates": list(election.candidates.all()),
        # a Polsek's own operation for the election is not for the other sectors or the partners to see
        "operations": list(operation_list(user=user).filter(elections=election)),
        "regions": list(election.regions.all()),
    }


def operation_list(*, user):
    return _visible(Operation, user).select_related("unit").order_by("-start")


def operation_get(*, user, pk: int) -> Operation | None:
    return operation_list(user=user).prefetch_related("elections", "units").filter(pk=pk).first()


def calendar_events(*, user):
    return _visible(CalendarEvent, user, partner_ancestors=~Q(kind=CalendarEvent.Kind.POLICE))


# Other apps add their own dated items (e.g. coordination's meetings) from their AppConfig.ready():
# fn(*, user, start, end, election) -> list[CalendarItem].
_calendar_sources: list = []


def register_calendar_source(fn) -> None:
    if fn not in _calendar_sources:
        _calendar_sources.append(fn)


def calendar_items(*, user, start: date, end: date, election: Election | None = None) -> list[CalendarItem]:
    elections = [election] if election else list(election_list(user=user).prefetch_related("stages"))
    items = []
    for e in elections:
        items += [
            CalendarItem("stage", f"{s.name} · {e.name}", s.start, s.end, s.is_critical)
            for s in e.stages.all()
            if s.end >= start and s.start <= end
        ]
    ops = operation_list(user=user).filter(start__lte=end, end__gte=start)
    items += [CalendarItem("operation", op.name, op.start, op.end, counts=False) for op in ops]
    events = calendar_events(user=user).filter(start__lte=end, end__gte=start)
    items += [CalendarItem("event", ev.title, ev.start, ev.end) for ev in events]
    for source in _calendar_sources:
        items += source(user=user, start=start, end=end, election=election)
    return items


def calendar_month(*, user, year: int, month: int, election: Election | None = None) -> MonthGrid:
    first = date(year, month, 1)
    # the grid shows up to 6 days of the neighbouring months
    items = calendar_items(
        user=user,
        start=date.fromordinal(first.toordinal() - 7),
        end=date.fromordinal(first.toordinal() + 42),
        election=election,
    )
    return month_grid(year, month, items)


def units_for_choice(*, user):
    return Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS)


def pilkades_kabupaten_codes(*, user) -> set[str]:
    """The kabupaten of the Pilkades the user can see (stages are set per kabupaten by Perbup)."""
    desa_codes = election_list(user=user).filter(type=Election.Type.PILKADES).values_list("regions__code", flat=True)
    return {".".join(code.split(".")[:2]) for code in desa_codes if code}
