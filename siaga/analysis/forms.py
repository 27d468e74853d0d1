from django import forms

from siaga.analysis.models import CrimeType, Status
from siaga.units.models import Unit


def police_units(user):
    return Unit.objects.restrict(user).filter(kind__in=["polda", "polres", "polsek"]).order_by("path")


class CaseForm(forms.Form):
    unit = forms.ModelChoiceField(label="Kesatuan penanganan", queryset=Unit.objects.none())
    lp_number = forms.CharField(label="Nomor LP", max_length=80, help_text="Contoh: LP/B/123/XI/2024/SPKT/POLRES")
    crime_type = forms.ModelChoiceField(label="Jenis (Perkap 7/2009)", queryset=CrimeType.objects.all())
    occurred_at = forms.DateTimeField(
        label="Waktu kejadian", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reported_at = forms.DateTimeField(
        label="Waktu lapor", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    desa_code = forms.CharField(label="Kode desa", max_length=13, required=False)
    place = forms.CharField(label="Tempat kejadian", max_length=250, required=False)
    lat = forms.FloatField(label="Lintang", required=False, min_value=-11.5, max_value=6.5)
    lon = forms.FloatField(label="Bujur", required=False, min_value=94.5, max_value=141.5)
    victims = forms.IntegerField(label="Korban", min_value=0, initial=0)
    suspects = forms.IntegerField(label="Tersangka", min_value=0, initial=0)
    loss_rp = forms.IntegerField(label="Kerugian (Rp)", min_value=0, initial=0)
    evidence_type = forms.CharField(label="Jenis barang bukti narkotika", max_length=60, required=False)
    evidence_grams = forms.FloatField(label="Berat barang bukti (gram)", min_value=0, required=False)
    gakkumdu = forms.BooleanField(label="Dirujuk Sentra Gakkumdu", required=False)
    summary = forms.CharField(label="Uraian singkat", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = police_units(user).exclude(kind="polda")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status baru", choices=Status.choices)
    on = forms.DateField(label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class AnevForm(forms.Form):
    unit = forms.ModelChoiceField(label="Kesatuan", queryset=Unit.objects.none())
    start = forms.DateField(label="Mulai", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label="Sampai", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = police_units(user)


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label="Templat Anev (.docx)")
