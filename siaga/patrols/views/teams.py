from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from siaga.core import access
from siaga.patrols import selectors
from siaga.patrols.forms import PatrolTeamForm, ShiftForm
from siaga.patrols.models import PatrolTeam
from siaga.patrols.services import patrol_team_delete, patrol_team_save, shift_create
from siaga.patrols.views.confirm import confirm_delete


def _teams():
    return PatrolTeam.objects.select_related("unit")


@login_required
def team_list(request):
    teams = selectors.team_list(user=request.user)
    can_change = access.can(request.user, "patrols.change")
    return render(request, "patrols/team_list.html", {"teams": teams, "can_change": can_change})


@login_required
def team_detail(request, pk: int):
    team = selectors.team_get(user=request.user, pk=pk)
    if team is None:
        raise Http404("Tim tidak ditemukan.")
    context = {"team": team, "shift_form": ShiftForm(), "can_change": access.can(request.user, "patrols.change", team)}
    return render(request, "patrols/team_detail.html", context)


@login_required
def team_edit(request, pk: int | None = None):
    if pk:
        team = access.get_for_user(_teams(), request.user, "patrols.change", pk=pk)
    else:
        team = None
        access.require(request.user, "patrols.change")  # the empty form: the unit is chosen in it
    form = PatrolTeamForm(request.POST or None, instance=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners, members = data.pop("partners"), data.pop("members")
        team = patrol_team_save(actor=request.user, data=data, partners=partners, members=members, team=team)
        messages.success(request, f"Tim “{team.name}” tersimpan.")
        return redirect("patrols:team_detail", pk=team.pk)
    return render(
        request,
        "patrols/form.html",
        {
            "form": form,
            "title": "Ubah tim patroli" if team else "Tim patroli baru",
            "cancel_url": reverse("patrols:team_list"),
        },
    )


@login_required
def team_delete(request, pk: int):
    team = access.get_for_user(_teams(), request.user, "patrols.change", pk=pk)
    return confirm_delete(
        request,
        delete=lambda: patrol_team_delete(actor=request.user, team=team),
        what=f"tim patroli “{team.name}”",
        consequence=f"{team.shifts.count()} shift dan {team.stops.count()} titik patroli terencana ikut terhapus.",
        checkins=team.checkins.count(),
        done=f"Tim “{team.name}” dihapus.",
        done_url="patrols:team_list",
        cancel_url=reverse("patrols:team_detail", args=[team.pk]),
    )


@login_required
@require_POST
def shift_add(request, pk: int):
    team = access.get_for_user(_teams(), request.user, pk=pk)
    form = ShiftForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            days = "".join(data["days"])
            shift_create(
                actor=request.user, team=team, start=data["start"], end=data["end"], days=days, name=data["name"]
            )
            messages.success(request, "Shift ditambahkan.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Shift tidak valid: isi jam mulai, jam selesai dan hari.")
    return redirect("patrols:team_detail", pk=team.pk)
