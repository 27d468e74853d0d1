from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from siaga.patrols import selectors
from siaga.patrols.forms import PatrolTeamForm, ShiftForm
from siaga.patrols.services import patrol_team_delete, patrol_team_save, shift_create
from siaga.patrols.views.confirm import confirm_delete


@login_required
def team_list(request):
    teams = selectors.team_list(user=request.user)
    return render(request, "patrols/team_list.html", {"teams": teams, "can_change": request.user.can("patrols.change")})


@login_required
def team_detail(request, pk: int):
    team = selectors.team_get(user=request.user, pk=pk)
    if team is None:
        raise Http404("Tim tidak ditemukan.")
    context = {"team": team, "shift_form": ShiftForm(), "can_change": request.user.can("patrols.change")}
    return render(request, "patrols/team_detail.html", context)


@login_required
def team_edit(request, pk: int | None = None):
    if not request.user.can("patrols.change"):
        raise PermissionDenied("Anda tidak berwenang mengubah tim patroli.")
    team = selectors.team_get(user=request.user, pk=pk, action="change") if pk else None
    if pk and team is None:
        raise Http404("Tim tidak ditemukan.")
    form = PatrolTeamForm(request.POST or None, instance=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners, members = data.pop("partners"), data.pop("members")
        team = patrol_team_save(data=data, partners=partners, members=members, team=team)
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
    if not request.user.can("patrols.change"):
        raise PermissionDenied("Anda tidak berwenang menghapus tim patroli.")
    team = selectors.team_get(user=request.user, pk=pk, action="change")
    if team is None:
        raise Http404("Tim tidak ditemukan.")
    return confirm_delete(
        request,
        delete=lambda: patrol_team_delete(team=team),
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
    team = selectors.team_get(user=request.user, pk=pk, action="change")
    if team is None:
        raise Http404("Tim tidak ditemukan.")
    form = ShiftForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            shift_create(team=team, start=data["start"], end=data["end"], days="".join(data["days"]), name=data["name"])
            messages.success(request, "Shift ditambahkan.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Shift tidak valid: isi jam mulai, jam selesai dan hari.")
    return redirect("patrols:team_detail", pk=team.pk)
