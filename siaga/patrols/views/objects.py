from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from siaga.core import access
from siaga.core.imports.views import import_page
from siaga.patrols import selectors
from siaga.patrols.forms import CriticalPeriodForm, ObjectFilterForm, ObjectImportForm, VulnerableObjectForm
from siaga.patrols.importer import ObjectImporter
from siaga.patrols.models import CriticalPeriod, PatrolCheckin, VulnerableObject
from siaga.patrols.services import (
    critical_period_create,
    vulnerable_object_delete,
    vulnerable_object_save,
)
from siaga.patrols.views.confirm import confirm_delete

PAGE_SIZE = 200


@login_required
def object_list(request):
    form = ObjectFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.object_list(
        user=request.user, kind=filters.get("jenis", ""), kecamatan=filters.get("kecamatan", ""), q=filters.get("q", "")
    )
    objects = selectors.objects_with_weights(qs[:PAGE_SIZE])
    can_change = access.can(request.user, "patrols.change")
    context = {"form": form, "objects": objects, "total": qs.count(), "can_change": can_change}
    if request.htmx and not request.htmx.boosted:
        return render(request, "patrols/htmx/object_rows.html", context)
    return render(request, "patrols/object_list.html", context)


def _object_or_404(request, pk: int, perm: str | None = None):
    queryset = VulnerableObject.objects.select_related("unit", "desa").prefetch_related("critical_periods")
    return access.get_for_user(queryset, request.user, perm, pk=pk)


@login_required
def object_detail(request, pk: int):
    obj = selectors.objects_with_weights([_object_or_404(request, pk)])[0]
    context = {
        "obj": obj,
        "periods": CriticalPeriod.objects.restrict(request.user).filter(object=obj),
        # another unit's team may visit a shared object: only the check-ins of teams the user may see are listed
        "checkins": PatrolCheckin.objects.restrict(request.user).filter(object=obj).select_related("team", "user")[:20],
        "period_form": CriticalPeriodForm(),
        "can_change": access.can(request.user, "patrols.change", obj),
    }
    return render(request, "patrols/object_detail.html", context)


@login_required
def object_edit(request, pk: int | None = None):
    if pk:
        obj = _object_or_404(request, pk, "patrols.change")
    else:
        obj = None
        access.require(request.user, "patrols.change")  # the empty form: the unit is chosen in it
    form = VulnerableObjectForm(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        shared = data.pop("shared_with")
        obj = vulnerable_object_save(actor=request.user, data=data, shared_with=shared, obj=obj)
        messages.success(request, f"Objek “{obj.name}” tersimpan.")
        return redirect("patrols:object_detail", pk=obj.pk)
    return render(request, "patrols/form.html", _form_context(form, "Ubah objek rawan" if obj else "Objek rawan baru"))


@login_required
def object_delete(request, pk: int):
    obj = _object_or_404(request, pk, "patrols.change")
    return confirm_delete(
        request,
        delete=lambda: vulnerable_object_delete(actor=request.user, obj=obj),
        what=f"objek rawan “{obj.name}”",
        consequence=f"{obj.stops.count()} titik patroli terencana di objek ini ikut terhapus.",
        checkins=obj.checkins.count(),
        done=f"Objek “{obj.name}” dihapus.",
        done_url="patrols:object_list",
        cancel_url=reverse("patrols:object_detail", args=[obj.pk]),
    )


@login_required
@require_POST
def critical_period_add(request, pk: int):
    obj = _object_or_404(request, pk)
    form = CriticalPeriodForm(request.POST)
    if form.is_valid():
        try:
            critical_period_create(actor=request.user, obj=obj, **form.cleaned_data)
            messages.success(request, "Periode kritis ditambahkan.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(
            request, "Periode kritis tidak valid: " + "; ".join(form.errors.get("__all__", ["periksa isian"]))
        )
    return redirect("patrols:object_detail", pk=obj.pk)


@login_required
def object_import(request):
    form_kwargs = {"user": request.user}
    return import_page(
        request,
        importer=ObjectImporter,
        template="patrols/object_import.html",
        form_class=ObjectImportForm,
        form_kwargs=form_kwargs,
        form_params=lambda cleaned: {"unit_id": cleaned["unit"].pk},
    )


def _form_context(form, title: str) -> dict:
    return {"form": form, "title": title, "cancel_url": reverse("patrols:object_list")}
