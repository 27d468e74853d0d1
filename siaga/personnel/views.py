"""Personnel pages: list with filters (htmx fragment for the table), detail, edit, import, export, strength."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from siaga.core import access
from siaga.core.imports.views import import_page
from siaga.personnel import selectors, services
from siaga.personnel.exports import personnel_csv, personnel_xlsx
from siaga.personnel.forms import FilterForm, PersonnelForm, SupportStrengthForm, UnavailabilityForm
from siaga.personnel.importer import PersonnelImporter
from siaga.personnel.models import Personnel, Unavailability

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def personnel_list(request):
    form = FilterForm(request.GET or None, user=request.user)
    qs = selectors.personnel_filter(user=request.user, params=request.GET)
    page = Paginator(qs, 50).get_page(request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    context = {
        "form": form,
        "page": page,
        "total": page.paginator.count,
        "query": query.urlencode(),
        "can_change": access.can(request.user, "personnel.change"),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "personnel/htmx/table.html", context)
    return render(request, "personnel/list.html", context)


def personnel_export(request, fmt: str):
    if fmt not in ("xlsx", "csv"):
        raise Http404("Format ekspor tidak dikenal.")
    qs = selectors.personnel_filter(user=request.user, params=request.GET)
    if fmt == "csv":
        response = HttpResponse(personnel_csv(qs), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(personnel_xlsx(qs), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="personel.{fmt}"'
    return response


def personnel_detail(request, pk: int):
    person = selectors.personnel_detail(user=request.user, pk=pk)
    if person is None:
        raise Http404("Personel tidak ditemukan.")
    form = UnavailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.unavailability_add(user=request.user, personnel=person, **form.cleaned_data)
        messages.success(request, "Ketidaktersediaan dicatat.")
        return redirect("personnel:detail", pk=pk)
    context = {"person": person, "form": form, "can_change": access.can(request.user, "personnel.change", person)}
    return render(request, "personnel/detail.html", context)


def unavailability_delete(request, pk: int):
    if request.method != "POST":
        return redirect("personnel:list")
    item = access.get_for_user(Unavailability.objects.select_related("personnel__unit"), request.user, pk=pk)
    services.unavailability_delete(user=request.user, unavailability=item)
    messages.success(request, "Ketidaktersediaan dihapus.")
    return redirect("personnel:detail", pk=item.personnel_id)


def personnel_edit(request, pk: int):
    person = access.get_for_user(Personnel.objects.select_related("unit"), request.user, "personnel.change", pk=pk)
    form = PersonnelForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.personnel_update(user=request.user, personnel=person, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Data personel disimpan.")
            return redirect("personnel:detail", pk=pk)
    return render(request, "personnel/form.html", {"person": person, "form": form})


def personnel_import(request):
    return import_page(request, importer=PersonnelImporter, template="personnel/import.html")


def strength(request):
    form = SupportStrengthForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.support_strength_set(user=request.user, **form.cleaned_data)
        messages.success(request, "Kekuatan pendukung disimpan.")
        return redirect("personnel:strength")
    rows = selectors.strength_summary(user=request.user)
    context = {"rows": rows, "form": form, "can_change": access.can(request.user, "personnel.change")}
    return render(request, "personnel/strength.html", context)
