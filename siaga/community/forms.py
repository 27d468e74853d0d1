from django import forms

from siaga.community.choices import AspirationTopic, Audience, VisitKind
from siaga.units.models import Unit


class VisitForm(forms.Form):
    """The phone form: fills in under a minute (place and time come from the phone)."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    accuracy_m = forms.FloatField(required=False, widget=forms.HiddenInput)
    desa = forms.ModelChoiceField(label="Desa", queryset=None)
    kind = forms.ChoiceField(label="Jenis", choices=VisitKind.choices)
    audience = forms.ChoiceField(label="Sasaran", choices=Audience.choices, initial=Audience.WARGA)
    headcount = forms.IntegerField(label="Jumlah orang", min_value=1, max_value=10000, initial=1)
    tokoh = forms.ModelMultipleChoiceField(label="Tokoh yang ditemui", queryset=None, required=False)
    topics = forms.CharField(label="Topik", max_length=250, required=False)
    himbauan = forms.CharField(
        label="Himbauan yang disampaikan", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    campaigns = forms.ModelMultipleChoiceField(label="Kampanye yang dibawa", queryset=None, required=False)
    aspiration = forms.CharField(
        label="Aspirasi / keluhan warga", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    aspiration_topic = forms.ChoiceField(label="Topik aspirasi", choices=AspirationTopic.choices, initial="lainnya")
    early_warning = forms.CharField(label="Informasi deteksi dini (untuk Satintelkam)", required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    early_warning_source = forms.CharField(label="Sumber informasi (dirahasiakan)", max_length=250, required=False)
    photo = forms.FileField(label="Foto", required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))

    def __init__(self, *args, desa_qs, tokoh_qs, campaign_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = desa_qs
        self.fields["tokoh"].queryset = tokoh_qs
        self.fields["campaigns"].queryset = campaign_qs


class UnitImportForm(forms.Form):
    file = forms.FileField(label="Berkas (.xlsx atau .csv)")
    unit = forms.ModelChoiceField(label="Satuan", queryset=Unit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS)


class RouteForm(forms.Form):
    to = forms.ModelChoiceField(label="Teruskan ke", queryset=Unit.objects.none())
    due = forms.DateField(label="Tenggat", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, root, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Unit.objects.filter(path__startswith=root.path).order_by("path")


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Jawaban", widget=forms.Textarea(attrs={"rows": 3}))
