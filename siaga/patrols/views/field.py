"""The phone page of a patrol team: today's route and a check-in form per stop."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from siaga.core import access
from siaga.core.images import photo_response
from siaga.core.maps import map_config
from siaga.core.params import id_param
from siaga.patrols import selectors
from siaga.patrols.forms import CheckinForm
from siaga.patrols.models import PatrolCheckin
from siaga.patrols.services import CheckinError, patrol_checkin_record


def _team_id(request) -> int | None:
    return id_param(request.GET.get("tim"), name="tim")


@login_required
def my_patrol(request):
    teams = selectors.user_field_teams(user=request.user, team_id=_team_id(request))
    stops = selectors.field_stops(teams=teams)
    for stop in stops:
        stop.form = CheckinForm(initial={"client_id": uuid.uuid4()}, prefix=f"s{stop.pk}")
    team_param = f"?tim={teams[0].pk}" if len(teams) == 1 and _team_id(request) else ""
    layers = [
        {"key": "rute", "label": "Rute hari ini", "url": _url("patrols:routes_geojson") + team_param, "refresh": 0},
        {"key": "checkin", "label": "Check-in", "url": _url("patrols:checkins_geojson"), "refresh": 60},
    ]
    context = {
        "teams": teams,
        "stops": stops,
        "map_config": map_config(layers),
        "can_pick": access.can(request.user, "patrols.plan"),
        "all_teams": selectors.team_list(user=request.user) if access.can(request.user, "patrols.plan") else [],
    }
    return render(request, "patrols/my_patrol.html", context)


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@login_required
@require_POST
def stop_checkin(request, pk: int):
    stop = selectors.field_stop_get(user=request.user, pk=pk)
    if stop is None:
        raise Http404("Titik patroli tidak ditemukan.")
    form = CheckinForm(request.POST, request.FILES, prefix=f"s{stop.pk}")
    error, status = None, 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            patrol_checkin_record(
                user=request.user,
                client_id=data["client_id"],
                team=stop.team,
                obj=stop.object,
                stop=stop,
                at=data["at"],
                lat=data["lat"],
                lon=data["lon"],
                accuracy_m=data["accuracy_m"],
                note=data["note"],
                photo=data["photo"],
            )
        except CheckinError as exc:
            error, status = str(exc), 400
        except PermissionDenied as exc:
            error, status = str(exc), 403
    else:
        error = "Isian check-in tidak valid: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        status = 400
    stop.my_checkins = list(stop.checkins.order_by("at"))
    stop.form = CheckinForm(initial={"client_id": uuid.uuid4()}, prefix=f"s{stop.pk}")
    return render(request, "patrols/htmx/stop_card.html", {"stop": stop, "error": error}, status=status)


@login_required
def checkin_photo(request, pk: int):
    checkin = PatrolCheckin.objects.restrict(request.user).filter(pk=pk).exclude(photo="").first()
    if checkin is None:
        raise Http404("Foto tidak ditemukan.")
    return photo_response(checkin.photo, filename=f"checkin-{checkin.pk}")
