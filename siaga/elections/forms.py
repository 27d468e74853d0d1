from django import forms

from siaga.elections.models import CalendarEvent, Election
from siaga.elections.services import STAGE_TEMPLATES, stage_template
from siaga.regions.models import Region
from siaga.units.models import Unit


class DateInput(forms.DateInput):
    input_type = "date"


class TemplateApplyForm(forms.Form):
    template = forms.ChoiceField(label="Templat tahapan")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(code, stage_template(code)["name"]) for code in STAGE_TEMPLATES]


class StageForm(forms.Form):
    name = forms.CharField(label="Tahapan", max_length=150)
    start = forms.DateField(label="Mulai", widget=DateInput)
    end = forms.DateField(label="Selesai", widget=DateInput)
    is_critical = forms.BooleanField(label="Tahapan rawan (perlu pengamanan)", required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        return data


class PilkadesStageForm(StageForm):
    kabupaten = forms.ModelChoiceField(label="Kabupaten", queryset=Region.objects.none())

    def __init__(self, *args, kabupaten_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kabupaten"].queryset = kabupaten_qs if kabupaten_qs is not None else Region.objects.none()


class CalendarEventForm(forms.ModelForm):
    class Meta:
        model = CalendarEvent
        fields = ["title", "kind", "start", "end", "location"]
        widgets = {"start": DateInput, "end": DateInput}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        return data


class _DatesForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        return data


class RegionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} ({obj.code})"


class ElectionForm(forms.Form):
    type = forms.ChoiceField(label="Jenis", choices=Election.Type.choices)
    name = forms.CharField(label="Nama pemilihan", max_length=150)
    voting_day = forms.DateField(label="Hari pemungutan suara", widget=DateInput)
    unit = forms.ModelChoiceField(label="Satuan penanggung jawab", queryset=Unit.objects.none())
    regions = RegionChoiceField(
        label="Cakupan wilayah",
        queryset=Region.objects.none(),
        help_text="Pemilu/Pilkada: kabupaten atau kecamatan. Pilkades: tepat satu desa (calonnya dicatat di desa itu).",
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, user, **kwargs):
        from siaga.elections.selectors import units_for_choice
        from siaga.regions.selectors import jurisdiction_regions

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user=user)
        self.fields["regions"].queryset = jurisdiction_regions(user=user).filter(level__gte=2)

    def clean(self):
        data = super().clean()
        regions = list(data.get("regions") or [])
        if data.get("type") == Election.Type.PILKADES and regions and (len(regions) != 1 or regions[0].level != 4):
            self.add_error("regions", "Pilkades harus mencakup tepat satu desa.")
        return data


class CandidateForm(forms.Form):
    number = forms.IntegerField(label="Nomor urut", min_value=1, max_value=99)
    name = forms.CharField(label="Nama calon / pasangan calon", max_length=200)
    parties = forms.CharField(
        label="Partai/gabungan pengusul", max_length=300, required=False, help_text="Kosongkan untuk Pilkades."
    )


class OperationForm(_DatesForm):
    name = forms.CharField(label="Nama operasi", max_length=150)
    unit = forms.ModelChoiceField(label="Satuan penyelenggara", queryset=Unit.objects.none())
    start = forms.DateField(label="Mulai", widget=DateInput)
    end = forms.DateField(label="Selesai", widget=DateInput)
    elections = forms.ModelMultipleChoiceField(
        label="Pemilihan yang diamankan", queryset=Election.objects.none(), required=False
    )
    units = forms.ModelMultipleChoiceField(
        label="Satuan yang terlibat",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Kosong = hanya satuan penyelenggara.",
    )

    def __init__(self, *args, user, **kwargs):
        from siaga.elections.selectors import election_list, units_for_choice

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_choice(user=user)
        self.fields["units"].queryset = units_for_choice(user=user)
        self.fields["elections"].queryset = election_list(user=user)
