from django import forms

from siaga.reports.taxonomy import known_categories

FILTER_HOURS = [("", "Semua waktu"), ("1", "1 jam"), ("6", "6 jam"), ("24", "24 jam"), ("168", "7 hari")]
FILTER_SEVERITY = [("2", "Sedang+"), ("3", "Tinggi+"), ("4", "Kritis")]


def category_choices() -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in sorted(known_categories().values(), key=lambda c: (c.order, c.label))]


class PublicReportForm(forms.Form):
    """The public form: what happened and where; the contact is optional and stored apart."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="Apa yang terjadi?",
        min_length=3,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "Ceritakan kejadiannya: apa, siapa, kapan."}),
    )
    location_text = forms.CharField(label="Di mana? (desa, kecamatan, alamat)", max_length=250, required=False)
    category = forms.ChoiceField(label="Jenis kejadian (boleh dikosongkan)", required=False)
    occurred_at = forms.DateTimeField(
        label="Waktu kejadian", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label="Nama (tidak wajib)", max_length=120, required=False)
    phone = forms.CharField(label="Telepon/WhatsApp (tidak wajib)", max_length=40, required=False)
    email = forms.EmailField(label="Surel (tidak wajib)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "— tidak tahu —"), *category_choices()]
