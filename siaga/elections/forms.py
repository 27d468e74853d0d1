from django import forms

from siaga.elections.models import CalendarEvent
from siaga.elections.services import STAGE_TEMPLATES, stage_template
from siaga.regions.models import Region


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
