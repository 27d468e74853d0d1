from django import forms

from siaga.patrols.choices import WEEKDAYS, ObjectKind
from siaga.patrols.models import CriticalPeriod, PatrolTeam, VulnerableObject
from siaga.regions.selectors import jurisdiction_regions
from siaga.units.models import Unit
from siaga.units.selectors import partners_for

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _units(user, police: bool):
    if not police:
        return partners_for(user=user)  # the partner agencies of the user's Polres
    return Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS)


class ObjectFilterForm(forms.Form):
    q = forms.CharField(label="Cari", required=False)
    jenis = forms.ChoiceField(label="Jenis", required=False, choices=[("", "Semua jenis"), *ObjectKind.choices])
    kecamatan = forms.ChoiceField(label="Kecamatan", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        kecamatan = jurisdiction_regions(user=user).filter(level=3)
        self.fields["kecamatan"].choices = [("", "Semua kecamatan")] + [(r.code, r.name) for r in kecamatan]


class VulnerableObjectForm(forms.ModelForm):
    class Meta:
        model = VulnerableObject
        fields = [
            "name",
            "kind",
            "unit",
            "address",
            "desa",
            "lat",
            "lon",
            "owner",
            "base_weight",
            "open_from",
            "open_to",
            "visit_in_hours_only",
            "shared_with",
            "note",
            "is_active",
        ]
        widgets = {"open_from": TIME_WIDGET, "open_to": TIME_WIDGET, "shared_with": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user, police=True)
        self.fields["shared_with"].queryset = _units(user, police=False)
        self.fields["desa"].queryset = jurisdiction_regions(user=user).filter(level=4)
        self.fields["base_weight"].help_text = "1 (rendah) – 10 (sangat tinggi)"

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya.")
        return data


class CriticalPeriodForm(forms.ModelForm):
    class Meta:
        model = CriticalPeriod
        fields = ["label", "starts_at", "ends_at", "multiplier"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}


class ObjectImportForm(forms.Form):
    """The import page's form (siaga.core.imports.views): the file plus the unit the objects belong to."""

    file = forms.FileField(label="Berkas (.xlsx atau .csv)")
    unit = forms.ModelChoiceField(label="Satuan", queryset=Unit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user, police=True)


class PatrolTeamForm(forms.ModelForm):
    class Meta:
        model = PatrolTeam
        fields = [
            "name",
            "unit",
            "polri_count",
            "tni_count",
            "satpolpp_count",
            "dishub_count",
            "vehicle",
            "base_name",
            "base_lat",
            "base_lon",
            "speed_kmh",
            "visits_per_shift",
            "partners",
            "members",
            "is_active",
        ]
        widgets = {"partners": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        from siaga.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user, police=True)
        self.fields["partners"].queryset = _units(user, police=False)
        self.fields["members"].queryset = User.objects.filter(unit__in=Unit.objects.restrict(user), is_active=True)

    def clean(self):
        data = super().clean()
        if (data.get("base_lat") is None) != (data.get("base_lon") is None):
            raise forms.ValidationError("Isi lintang dan bujur pangkalan bersama-sama.")
        return data


class ShiftForm(forms.Form):
    name = forms.CharField(label="Nama shift", max_length=40, required=False)
    start = forms.TimeField(label="Mulai", widget=TIME_WIDGET)
    end = forms.TimeField(label="Selesai", widget=TIME_WIDGET)
    days = forms.MultipleChoiceField(
        label="Hari", choices=WEEKDAYS, initial=[d for d, _ in WEEKDAYS], widget=forms.CheckboxSelectMultiple
    )


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(label="Satuan", queryset=Unit.objects.none())
    title = forms.CharField(label="Judul", max_length=200, required=False)
    date_from = forms.DateField(label="Dari tanggal", widget=DATE_WIDGET)
    date_to = forms.DateField(label="Sampai tanggal", widget=DATE_WIDGET)
    dwell_minutes = forms.IntegerField(label="Lama singgah (menit)", min_value=10, max_value=15, initial=12)
    periods = forms.MultipleChoiceField(
        label="Shift (kosong = semua)", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user, police=True)
        self.fields["periods"].choices = periods


class CheckinForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    at = forms.DateTimeField(required=False, widget=forms.HiddenInput)  # set by the phone for a queued check-in
    lat = forms.FloatField(label="Lintang", required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label="Bujur", required=False, min_value=-180, max_value=180)
    accuracy_m = forms.FloatField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.FileField(label="Foto", required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
