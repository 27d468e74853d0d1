from django import forms

from siaga.coordination.models import Directive, Meeting, PartnerContact
from siaga.coordination.selectors import contacts_for
from siaga.elections.selectors import election_list
from siaga.units.models import Unit
from siaga.units.selectors import partners_for


def _police_units(user):
    return Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS).order_by("path")


class MeetingForm(forms.Form):
    title = forms.CharField(label="Judul", max_length=200)
    kind = forms.ChoiceField(label="Jenis", choices=Meeting.Kind.choices)
    mode = forms.ChoiceField(label="Bentuk", choices=Meeting.Mode.choices)
    unit = forms.ModelChoiceField(label="Penyelenggara", queryset=Unit.objects.none())
    starts_at = forms.DateTimeField(label="Mulai", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(
        label="Selesai", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label="Tempat", max_length=200, required=False)
    link = forms.CharField(label="Tautan rapat daring", max_length=300, required=False)
    election = forms.ModelChoiceField(label="Pemilihan", queryset=Unit.objects.none(), required=False)
    agenda = forms.CharField(label="Agenda", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    invite_units = forms.ModelMultipleChoiceField(
        label="Satuan yang diundang", queryset=Unit.objects.none(), required=False
    )
    invite_partners = forms.ModelMultipleChoiceField(
        label="Instansi mitra yang diundang", queryset=Unit.objects.none(), required=False
    )
    invite_contacts = forms.ModelMultipleChoiceField(
        label="Orang yang diundang (kontak mitra)", queryset=PartnerContact.objects.none(), required=False
    )
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = _police_units(user)
        self.fields["unit"].queryset = units
        self.fields["unit"].initial = user.unit_id
        self.fields["invite_units"].queryset = units
        self.fields["invite_partners"].queryset = partners_for(user=user)
        self.fields["election"].queryset = election_list(user=user)
        self.fields["invite_contacts"].queryset = contacts_for(user=user, units=partners_for(user=user))


class MinutesForm(forms.Form):
    minutes = forms.CharField(label="Notulen", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    decisions = forms.CharField(label="Keputusan", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DirectiveForm(forms.Form):
    title = forms.CharField(label="Arahan", max_length=250)
    body = forms.CharField(label="Uraian", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    unit = forms.ModelChoiceField(label="Diterbitkan oleh", queryset=Unit.objects.none())
    deadline = forms.DateField(label="Batas waktu", widget=forms.DateInput(attrs={"type": "date"}))
    units = forms.ModelMultipleChoiceField(
        label="Kepada", queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    measure = forms.ChoiceField(label="Bukti data", choices=Directive.Measure.choices, required=False)
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = _police_units(user)
        self.fields["unit"].queryset = units
        self.fields["unit"].initial = user.unit_id
        self.fields["units"].queryset = units.exclude(pk=user.unit_id).exclude(kind=Unit.Kind.POLDA)


class ReportForm(forms.Form):
    text = forms.CharField(label="Laporan", widget=forms.Textarea(attrs={"rows": 3}))
    number = forms.IntegerField(label="Angka capaian", required=False, min_value=0)
    photo = forms.FileField(label="Foto", required=False)
    closes = forms.BooleanField(label="Arahan selesai dilaksanakan (tutup)", required=False)
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)


class ContactForm(forms.Form):
    unit = forms.ModelChoiceField(label="Instansi", queryset=Unit.objects.none())
    name = forms.CharField(label="Nama", max_length=150)
    position = forms.CharField(label="Jabatan", max_length=150, required=False)
    phone = forms.CharField(label="Telepon", max_length=30, required=False)
    email = forms.EmailField(label="Surel", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = partners_for(user=user)


class PilkadesImportForm(forms.Form):
    file = forms.FileField(label="Berkas (.xlsx atau .csv)")
    unit = forms.ModelChoiceField(label="Polres", queryset=Unit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user).filter(kind=Unit.Kind.POLRES)
