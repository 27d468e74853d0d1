from django import forms

from siaga.risk.catalog import preset_choices
from siaga.risk.models import IntelNote
from siaga.stations.models import Station


class ChecklistForm(forms.Form):
    """One yes/no box per active indicator of the election's profile."""

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        for variable, indicators in groups:
            for ind in indicators:
                field = forms.BooleanField(label=ind.label, required=False)
                field.variable = variable
                self.fields[ind.code] = field

    def codes(self) -> set[str]:
        return {code for code, value in self.cleaned_data.items() if value}


class OverrideForm(forms.Form):
    category = forms.ChoiceField(label="Kategori")
    reason = forms.CharField(label="Alasan (wajib)", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c["code"], c["label"]) for c in categories]


class ClearOverrideForm(forms.Form):
    reason = forms.CharField(label="Alasan pencabutan (wajib)", max_length=1000)


class IntelNoteForm(forms.Form):
    severity = forms.TypedChoiceField(
        label="Tingkat", choices=IntelNote.Severity.choices, coerce=int, initial=IntelNote.Severity.MEDIUM
    )
    text = forms.CharField(label="Catatan", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    valid_until = forms.DateField(
        label="Berlaku sampai", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    whole_desa = forms.BooleanField(label="Berlaku untuk seluruh desa", required=False)


class IndicatorForm(forms.Form):
    label = forms.CharField(label="Indikator", max_length=250)
    weight = forms.FloatField(label="Bobot", min_value=0, max_value=100)
    active = forms.BooleanField(label="Aktif", required=False)


class IndicatorCreateForm(forms.Form):
    code = forms.SlugField(label="Kode", max_length=60)
    label = forms.CharField(label="Indikator", max_length=250)
    variable_label = forms.CharField(label="Variabel", max_length=120)
    weight = forms.FloatField(label="Bobot", min_value=0, max_value=100, initial=1)


class PresetForm(forms.Form):
    preset = forms.ChoiceField(label="Skema kategori", choices=preset_choices)


class DesaCategoryForm(forms.Form):
    category = forms.ChoiceField(label="Kategori desa", required=False)
    reason = forms.CharField(label="Alasan", max_length=1000, required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Otomatis (TPS paling rawan)")] + [
            (c["code"], c["label"]) for c in categories
        ]

    def clean(self):
        data = super().clean()
        if data.get("category") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Alasan wajib diisi.")
        return data


def hard_rule_terms(indicator_codes) -> set[str]:
    """Terms a hard rule may use: the profile's indicators, any shipped catalog's (so that the presets stay valid
    for every election type), the special TPS types and the incident flags."""
    from siaga.risk.catalog import CATALOG_FOR_ELECTION, catalog

    shipped = {i["code"] for code in set(CATALOG_FOR_ELECTION.values()) for i in catalog(code)["indicators"]}
    specials = {f"tps:{code}" for code, _ in Station.SpecialType.choices if code}
    return set(indicator_codes) | shipped | specials | {"insiden_tps", "insiden_desa"}
