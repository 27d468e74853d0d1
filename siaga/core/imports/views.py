"""The one upload page every import uses: a file field (plus the importer's own fields), staging on POST and the
job's progress fragment (/pekerjaan/<id>/, polled by htmx) in place of a result."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render

from siaga.core import access
from siaga.core.imports.base import Importer, import_enqueue


class ImportUploadForm(forms.Form):
    file = forms.FileField(label="Berkas (.xlsx atau .csv)")


def import_page(
    request,
    *,
    importer: type[Importer],
    params: dict | None = None,
    template: str = "core/import.html",
    context: dict | None = None,
    form_class: type[forms.Form] = ImportUploadForm,
    form_kwargs: dict | None = None,
    form_params: Callable[[dict], dict] | None = None,
):
    """GET: the upload form; POST: stage the file and start the job. htmx posts get the result fragment only."""
    access.require(request.user, importer.permission)
    params = dict(params or {})
    form = form_class(request.POST or None, request.FILES or None, **(form_kwargs or {}))
    job = None
    if request.method == "POST" and form.is_valid():
        if form_params is not None:
            params.update(form_params(form.cleaned_data))
        try:
            job = import_enqueue(importer=importer, actor=request.user, upload=form.cleaned_data["file"], params=params)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            job.refresh_from_db()
    spec = importer(actor=request.user, params=params)
    ctx = {
        "form": form,
        "job": job,
        "importer": importer,
        "columns": spec.get_columns(),
        "max_mb": importer.max_bytes // (1024 * 1024),
        **(context or {}),
    }
    if request.htmx and request.method == "POST":
        return render(request, "core/htmx/import_result.html", ctx)
    return render(request, template, ctx)
