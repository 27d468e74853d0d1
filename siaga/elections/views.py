from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from siaga.core import access
from siaga.core.params import id_param, month_param
from siaga.elections import selectors, services
from siaga.elections.calendar import MONTHS, WEEKDAYS
from siaga.elections.forms import CalendarEventForm, PilkadesStageForm, TemplateApplyForm
from siaga.regions.models import Region


def _election_or_404(request, pk: int):
    election = selectors.election_get(user=request.user, pk=pk)
    if election is None:
        raise Http404("Pemilihan tidak ditemukan.")
    return election


def _require(request, perm: str) -> None:
    access.require(request.user, perm)


def _can_edit(request, obj) -> bool:
    return access.can(request.user, "elections.change", obj)


@login_required
def election_list(request):
    context = {
        "elections": selectors.election_list(user=request.user),
        "operations": selectors.operation_list(user=request.user),
        "can_edit": request.user.can("elections.change"),
    }
    return render(request, "elections/list.html", context)


@login_required
def election_detail(request, pk: int):
    election = _election_or_404(request, pk)
    context = {
        "election": election,
        "template_form": TemplateApplyForm(),
        "can_edit": _can_edit(request, election),
        **selectors.election_detail(election=election, user=request.user),
    }
    return render(request, "elections/detail.html", context)


@require_POST
@login_required
def election_apply_template(request, pk: int):
    _require(request, "elections.change")
    election = _election_or_404(request, pk)
    form = TemplateApplyForm(request.POST)
    if form.is_valid():
        stages = services.election_apply_template(
            election=election, template_code=form.cleaned_data["template"], actor=request.user
        )
        messages.success(request, f"{len(stages)} tahapan dibuat dari templat.")
    else:
        messages.error(request, "Templat tidak valid.")
    return redirect("elections:detail", pk=election.pk)


@login_required
def pilkades_stages(request):
    _require(request, "elections.change")
    kabupaten_qs = Region.objects.filter(code__in=selectors.pilkades_kabupaten_codes(user=request.user))
    form = PilkadesStageForm(request.POST or None, kabupaten_qs=kabupaten_qs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stages = services.pilkades_stage_create(
                elections=selectors.election_list(user=request.user),
                kabupaten=data["kabupaten"],
                name=data["name"],
                start=data["start"],
                end=data["end"],
                is_critical=data["is_critical"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, f"Tahapan '{data['name']}' ditambahkan ke {len(stages)} Pilkades.")
            return redirect("elections:list")
    return render(request, "elections/pilkades_stages.html", {"form": form})


@login_required
def operation_detail(request, pk: int):
    operation = selectors.operation_get(user=request.user, pk=pk)
    if operation is None:
        raise Http404("Operasi tidak ditemukan.")
    context = {"operation": operation, "can_edit": _can_edit(request, operation)}
    return render(request, "elections/operation_detail.html", context)


@login_required
def calendar(request):
    election = None
    if election_id := id_param(request.GET.get("pemilihan"), name="pemilihan"):
        election = _election_or_404(request, election_id)
    default = (
        election.voting_day if election else selectors.calendar_default_month(user=request.user, today=date.today())
    )
    year, month = month_param(request.GET.get("bulan"), name="bulan", default=(default.year, default.month))
    form = CalendarEventForm(request.POST or None)
    if request.method == "POST":
        _require(request, "elections.change")
        if form.is_valid():
            services.calendar_event_create(unit=request.user.unit, actor=request.user, **form.cleaned_data)
            messages.success(request, "Agenda lokal ditambahkan.")
            return redirect(request.get_full_path())
    grid = selectors.calendar_month(user=request.user, year=year, month=month, election=election)
    prev_m, next_m = (
        (year, month - 1) if month > 1 else (year - 1, 12),
        (year, month + 1) if month < 12 else (year + 1, 1),
    )
    context = {
        "grid": grid,
        "election": election,
        "weekdays": WEEKDAYS,
        "prev": f"{prev_m[0]}-{prev_m[1]:02d}",
        "next": f"{next_m[0]}-{next_m[1]:02d}",
        "month_name": MONTHS[month],
        "form": form,
        "can_edit": request.user.can("elections.change"),
        "events": selectors.calendar_events(user=request.user)
        .filter(start__lte=grid.weeks[-1][-1].day, end__gte=grid.weeks[0][0].day)
        .order_by("start"),
    }
    return render(request, "elections/calendar.html", context)
