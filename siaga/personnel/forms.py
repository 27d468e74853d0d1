from django import forms

from siaga.personnel.choices import Agency, Function, Rank
from siaga.personnel.models import Personnel, Unavailability
from siaga.units.models import Unit


class PersonnelForm(forms.ModelForm):
    class Meta:
        model = Personnel
        fields = ["name", "rank", "function", "unit", "phone", "home_lat", "home_lon", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS)

    def clean(self):
        data = super().clean()
        if (data.get("home_lat") is None) != (data.get("home_lon") is None):
            raise forms.ValidationError("Isi lintang dan bujur pangkalan bersama-sama, atau kosongkan keduanya.")
        return data


class UnavailabilityForm(forms.ModelForm):
    class Meta:
        model = Unavailability
        fields = ["start", "end", "reason", "note"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}), "end": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        return data


class FilterForm(forms.Form):
    q = forms.CharField(label="Cari nama/NRP", required=False)
    unit = forms.ModelChoiceField(label="Satuan", queryset=Unit.objects.none(), required=False, empty_label="Semua")
    rank = forms.ChoiceField(label="Pangkat", choices=[("", "Semua")] + Rank.choices, required=False)
    function = forms.ChoiceField(label="Fungsi", choices=[("", "Semua")] + Function.choices, required=False)
    home = forms.ChoiceField(
        label="Pangkalan", choices=[("", "Semua"), ("ya", "Ada"), ("tidak", "Belum ada")], required=False
    )
    available_on = forms.DateField(
        label="Tersedia pada", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS)


class SupportStrengthForm(forms.Form):
    agency = forms.ChoiceField(label="Instansi", choices=Agency.choices)
    unit = forms.ModelChoiceField(label="Satuan", queryset=Unit.objects.none())
    count = forms.IntegerField(label="Jumlah", min_value=0)
    note = forms.CharField(label="Keterangan", required=False, max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS)
