"""Create/edit pages for elections, candidates, operations and local calendar events (``elections.change``).

Each view parses a form, calls one service and renders; records to edit come from ``access.get_for_user``
(scope, role and unit level), so a Polsek cannot edit its Polres's election even though it can read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from siaga.core import access
from siaga.elections import services
from siaga.elections.forms import CalendarEventForm, CandidateForm, ElectionForm, OperationForm
from siaga.elections.models import CalendarEvent, Candidate, Election, Operation


def _require(request) -> None:
    access.require(request.user, "elections.change")


def _editable(request, model, **lookup):
    return access.get_for_user(model, request.user, "elections.change", **lookup)


def _render(request, form, title: str, cancel_url: str, note: str = ""):
    context = {"form": form, "title": title, "cancel_url": cancel_url, "note": note}
    return render(request, "elections/form.html", context, status=400 if form.errors else 200)


def _save(form, call):
    """Run the service; its ValidationError becomes a form error. Returns the saved object or None."""
    try:
        return call()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
def election_edit(request, pk: int | None = None):
    election = _editable(request, Election, pk=pk) if pk else None
    _require(request)
    initial = {"unit": request.user.unit_id}
    if election:
        initial = {f: getattr(election, f) for f in ("type", "name", "voting_day", "unit")}
        initial["regions"] = list(election.regions.all())
    form = ElectionForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "regions": list(form.cleaned_data["regions"]), "actor": request.user}
        if election:
            saved = _save(form, lambda: services.election_update(election=election, **data))
        else:
            saved = _save(form, lambda: services.election_create(**data))
        if saved is not None:
            messages.success(request, f"Pemilihan “{saved.name}” tersimpan.")
            return redirect("elections:detail", pk=saved.pk)
    title = f"Ubah {election.name}" if election else "Pemilihan baru"
    cancel = reverse("elections:detail", args=[election.pk]) if election else reverse("elections:list")
    return _render(request, form, title, cancel)


@login_required
def candidate_edit(request, election_pk: int, pk: int | None = None):
    election = _editable(request, Election, pk=election_pk)
    candidate = Candidate.objects.filter(election=election, pk=pk).first() if pk else None
    if pk and candidate is None:
        raise Http404("Calon tidak ditemukan.")
    initial = {"number": election.candidates.count() + 1}
    if candidate:
        initial = {"number": candidate.number, "name": candidate.name, "parties": candidate.parties}
    form = CandidateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "actor": request.user}
        if candidate:
            saved = _save(form, lambda: services.candidate_update(candidate=candidate, **data))
        else:
            saved = _save(form, lambda: services.candidate_create(election=election, **data))
        if saved is not None:
            messages.success(request, f"Calon nomor urut {saved.number} tersimpan.")
            return redirect("elections:detail", pk=election.pk)
    note = ""
    if election.type == Election.Type.PILKADES:
        note = "Calon kepala desa " + ", ".join(str(r) for r in election.regions.all()) + "."
    title = f"{'Ubah calon' if candidate else 'Calon baru'} · {election.name}"
    return _render(request, form, title, reverse("elections:detail", args=[election.pk]), note)


@login_required
def operation_edit(request, pk: int | None = None):
    operation = _editable(request, Operation, pk=pk) if pk else None
    _require(request)
    initial = {"unit": request.user.unit_id}
    if operation:
        initial = {f: getattr(operation, f) for f in ("name", "unit", "start", "end")}
        initial |= {"elections": list(operation.elections.all()), "units": list(operation.units.all())}
    form = OperationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "actor": request.user}
        data["elections"], data["units"] = list(data["elections"]), list(data["units"])
        if operation:
            saved = _save(form, lambda: services.operation_update(operation=operation, **data))
        else:
            saved = _save(form, lambda: services.operation_create(**data))
        if saved is not None:
            messages.success(request, f"Operasi “{saved.name}” tersimpan.")
            return redirect("elections:operation_detail", pk=saved.pk)
    title = f"Ubah {operation.name}" if operation else "Operasi baru"
    cancel = reverse("elections:operation_detail", args=[operation.pk]) if operation else reverse("elections:list")
    return _render(request, form, title, cancel)


@login_required
def event_edit(request, pk: int):
    event = _editable(request, CalendarEvent, pk=pk)
    form = CalendarEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in ("title", "kind", "start", "end", "location")}
        event.refresh_from_db()  # the ModelForm already wrote the POST values onto the instance
        if _save(form, lambda: services.calendar_event_update(event=event, actor=request.user, **data)):
            messages.success(request, f"Agenda “{event.title}” tersimpan.")
            return redirect(f"{reverse('elections:calendar')}?bulan={event.start:%Y-%m}")
    cancel = f"{reverse('elections:calendar')}?bulan={event.start:%Y-%m}"
    return _render(request, form, f"Ubah agenda “{event.title}”", cancel)
