from django import forms

from siaga.deployment.models import DeploymentPlan, SecurityPattern
from siaga.deployment.patterns import BODY_SYSTEM_MESSAGE, presets
from siaga.elections.models import Election, Operation

PARAM_WIDGETS = {
    "reserve_fraction": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "0.9"}),
    "response_minutes": forms.NumberInput(attrs={"step": "1", "min": "1"}),
    "speed_kmh": forms.NumberInput(attrs={"step": "1", "min": "1"}),
    "circuity": forms.NumberInput(attrs={"step": "0.05", "min": "1"}),
}


class PlanParamsForm(forms.ModelForm):
    class Meta:
        model = DeploymentPlan
        fields = ["reserve_fraction", "response_minutes", "speed_kmh", "circuity", "reserve_team_size", "note"]
        widgets = {**PARAM_WIDGETS, "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"reserve_fraction": "0,15 = 15% kekuatan ditahan sebagai cadangan (power on hand)."}


class PlanCreateForm(PlanParamsForm):
    operation = forms.ModelChoiceField(label="Operasi", queryset=Operation.objects.none())
    election = forms.ModelChoiceField(label="Pemilihan", queryset=Election.objects.none())

    class Meta(PlanParamsForm.Meta):
        fields = ["operation", "election", *PlanParamsForm.Meta.fields]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operation"].queryset = Operation.objects.restrict(user)
        self.fields["election"].queryset = Election.objects.restrict(user)

    def clean(self):
        data = super().clean()
        op, el = data.get("operation"), data.get("election")
        if op and el and not op.elections.filter(pk=el.pk).exists():
            raise forms.ValidationError("Pemilihan ini tidak termasuk dalam operasi yang dipilih.")
        return data


class PatternForm(forms.ModelForm):
    class Meta:
        model = SecurityPattern
        fields = ["category", "polri", "tps", "linmas"]
        widgets = {"category": forms.TextInput(attrs={"size": 14})}
        error_messages = {"polri": {"min_value": BODY_SYSTEM_MESSAGE}}

    def clean_polri(self):
        polri = self.cleaned_data["polri"]
        if polri is None or polri < 2:
            raise forms.ValidationError(BODY_SYSTEM_MESSAGE)
        return polri

    def validate_unique(self):
        """The service upserts by (operation, category); no uniqueness error here."""


PatternFormSet = forms.modelformset_factory(SecurityPattern, form=PatternForm, extra=1, can_delete=False)


class PresetForm(forms.Form):
    preset = forms.ChoiceField(label="Muat preset")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [(k, p["name"]) for k, p in presets().items()]


class ReserveSiteForm(forms.Form):
    name = forms.CharField(label="Nama Pos AJU", max_length=150)
    unit = forms.ModelChoiceField(label="Satuan", queryset=None)
    lat = forms.FloatField(label="Lintang", min_value=-90, max_value=90)
    lon = forms.FloatField(label="Bujur", min_value=-180, max_value=180)

    def __init__(self, *args, user, **kwargs):
        from siaga.units.models import Unit

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user).filter(kind__in=Unit.POLICE_KINDS)
