from django import forms

from siaga.community.choices import AspirationTopic, Audience, BeatKind, CampaignKind, TokohKind, VisitKind
from siaga.core import access
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
    early_warning = forms.CharField(
        label="Informasi deteksi dini (untuk Satintelkam)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
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


def _police_units(user):
    return Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS)


class _UnitDesaForm(forms.Form):
    unit = forms.ModelChoiceField(label="Satuan", queryset=Unit.objects.none())
    desa = forms.ModelChoiceField(label="Desa", queryset=None)

    def __init__(self, *args, user, **kwargs):
        from siaga.regions.selectors import jurisdiction_regions

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _police_units(user)
        self.fields["desa"].queryset = jurisdiction_regions(user=user).filter(level=4).order_by("name")


class BeatForm(_UnitDesaForm):
    kind = forms.ChoiceField(label="Jenis", choices=BeatKind.choices)
    rw = forms.CharField(label="RW", max_length=5, required=False)
    rt = forms.CharField(label="RT", max_length=5, required=False)
    officer = forms.ModelChoiceField(label="Bhabinkamtibmas / Polisi RW", queryset=None, required=False)
    babinsa_name = forms.CharField(label="Babinsa", max_length=150, required=False)
    babinsa_phone = forms.CharField(label="Telepon Babinsa", max_length=20, required=False)
    lat = forms.FloatField(label="Lintang pusat", required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label="Bujur pusat", required=False, min_value=-180, max_value=180)
    radius_m = forms.IntegerField(label="Radius (m)", min_value=50, max_value=20000, initial=1500)
    boundary = forms.JSONField(
        label="Batas (GeoJSON Polygon, digambar di peta)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        from siaga.accounts.models import User

        super().__init__(*args, user=user, **kwargs)
        officers = User.objects.filter(role__in=["field", "kapolsek", "intel", "ops"], is_active=True)
        if getattr(user, "unit", None) is not None and not access.is_admin(user):
            officers = officers.filter(unit__path__startswith=user.unit.path)
        self.fields["officer"].queryset = officers.order_by("username")

    def clean_boundary(self):
        value = self.cleaned_data.get("boundary")
        if value and (not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon")):
            raise forms.ValidationError("Batas harus berupa GeoJSON Polygon atau MultiPolygon.")
        return value or None


class TokohForm(_UnitDesaForm):
    name = forms.CharField(label="Nama", max_length=150)
    kind = forms.ChoiceField(label="Jenis", choices=TokohKind.choices)
    influence = forms.IntegerField(label="Pengaruh (1–5)", min_value=1, max_value=5, initial=3)
    affiliations = forms.CharField(label="Afiliasi", max_length=250, required=False)
    lat = forms.FloatField(label="Lintang", required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label="Bujur", required=False, min_value=-180, max_value=180)

    def __init__(self, *args, user, contact: bool, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if contact:
            self.fields["phone"] = forms.CharField(label="Telepon", max_length=20, required=False)
            self.fields["address"] = forms.CharField(label="Alamat", max_length=250, required=False)


class CampaignForm(forms.Form):
    unit = forms.ModelChoiceField(label="Satuan", queryset=Unit.objects.none())
    title = forms.CharField(label="Judul", max_length=200)
    kind = forms.ChoiceField(label="Jenis", choices=CampaignKind.choices)
    message = forms.CharField(label="Pesan", widget=forms.Textarea(attrs={"rows": 3}))
    hoax = forms.CharField(label="Hoaks yang dilawan", max_length=250, required=False)
    target_groups = forms.CharField(label="Kelompok sasaran", max_length=250, required=False)
    target_desa = forms.ModelMultipleChoiceField(label="Desa sasaran", queryset=None, required=False)
    start = forms.DateField(label="Mulai", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Sampai", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        from siaga.regions.selectors import jurisdiction_regions

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _police_units(user)
        self.fields["target_desa"].queryset = jurisdiction_regions(user=user).filter(level=4).order_by("name")


class ReachForm(forms.Form):
    channel = forms.ChoiceField(
        label="Saluran", choices=[("khotbah", "Khotbah / ceramah"), ("whatsapp", "Grup WhatsApp")]
    )
    day = forms.DateField(label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}))
    audience = forms.IntegerField(label="Jangkauan (orang)", min_value=0, max_value=1_000_000)
    note = forms.CharField(label="Keterangan", max_length=250, required=False)
    desa = forms.ModelChoiceField(label="Desa", queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        from siaga.regions.selectors import jurisdiction_regions

        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = jurisdiction_regions(user=user).filter(level=4).order_by("name")


class DirectiveForm(forms.Form):
    unit = forms.ModelChoiceField(label="Satuan", queryset=Unit.objects.none())
    title = forms.CharField(label="Judul", max_length=200)
    tokoh_kinds = forms.MultipleChoiceField(label="Jenis tokoh yang wajib dikunjungi", choices=TokohKind.choices)
    desa = forms.ModelMultipleChoiceField(label="Desa (kosong: semua)", queryset=None, required=False)
    start = forms.DateField(label="Mulai", widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(label="Batas waktu", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        from siaga.regions.selectors import jurisdiction_regions

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _police_units(user)
        self.fields["desa"].queryset = jurisdiction_regions(user=user).filter(level=4).order_by("name")
