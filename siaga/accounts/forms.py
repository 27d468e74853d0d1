from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="Nama pengguna", max_length=150)
    password = forms.CharField(label="Kata sandi", strip=False, widget=forms.PasswordInput)
    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah. Perhatikan huruf besar/kecil.",
        "inactive": "Akun ini dinonaktifkan. Hubungi administrator.",
    }


class TokenForm(forms.Form):
    """Issue an API token: for whom (the users the signed-in user may manage), a name, and how long it lasts."""

    user = forms.ModelChoiceField(label="Pengguna", queryset=None, empty_label=None)
    name = forms.CharField(label="Nama token", max_length=100, help_text="mis. HP Bhabin Desa A1, gateway SMS")
    days = forms.IntegerField(
        label="Berlaku (hari)", min_value=1, max_value=366, required=False, help_text="kosongkan: tanpa batas waktu"
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.username} · {u.get_role_display()}" + (f" · {u.unit.name}" if u.unit_id else "")
        )
