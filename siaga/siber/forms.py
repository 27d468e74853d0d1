from django import forms
from django.core.exceptions import ValidationError

from siaga.engine.text import LABEL_NAMES
from siaga.siber.choices import CaseAction, CaseStatus, Platform
from siaga.units.models import Unit

MAX_SCREENSHOT = 5 * 1024 * 1024


def polres_units(user):
    qs = Unit.objects.filter(kind__in=["polres", "polda", "mabes"])
    if getattr(user, "unit", None) is not None and not getattr(user, "is_superuser", False):
        qs = qs.filter(path__startswith=user.unit.path)
    return qs.order_by("path")


class PostImportForm(forms.Form):
    """The import page's form: the file (CSV, XLSX or a JSON export, converted to CSV rows) and the Polres."""

    file = forms.FileField(label="Berkas (.csv, .xlsx atau .json)")
    unit = forms.ModelChoiceField(label="Satuan", queryset=Unit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = polres_units(user)
        if getattr(user, "unit", None) is not None:
            self.fields["unit"].initial = user.unit

    def clean_file(self):
        from siaga.siber.importer import json_to_csv_upload

        upload = self.cleaned_data["file"]
        if (upload.name or "").lower().endswith(".json"):
            return json_to_csv_upload(upload)
        return upload


class ManualPostForm(forms.Form):
    platform = forms.ChoiceField(label="Platform", choices=Platform.choices)
    account = forms.CharField(label="Akun", max_length=150)
    url = forms.URLField(label="Tautan", max_length=500, required=False, assume_scheme="https")
    posted_at = forms.DateTimeField(label="Waktu unggah", required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))  # fmt: skip
    text = forms.CharField(label="Teks", widget=forms.Textarea(attrs={"rows": 5}), max_length=100_000)
    screenshot = forms.ImageField(label="Tangkapan layar", required=False)

    def clean_screenshot(self):
        shot = self.cleaned_data.get("screenshot")
        if shot and shot.size > MAX_SCREENSHOT:
            raise ValidationError("Tangkapan layar terlalu besar (paling besar 5 MB).")
        return shot


class ReviewForm(forms.Form):
    labels = forms.MultipleChoiceField(
        label="Label menurut analis", choices=list(LABEL_NAMES.items()), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


class CaseTransitionForm(forms.Form):
    status = forms.ChoiceField(label="Status baru", choices=CaseStatus.choices)
    action = forms.ChoiceField(label="Tindakan", choices=[("", "—"), *CaseAction.choices], required=False)
    note = forms.CharField(label="Catatan", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)
