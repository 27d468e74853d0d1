from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="Nama pengguna", max_length=150)
    password = forms.CharField(label="Kata sandi", strip=False, widget=forms.PasswordInput)
    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah. Perhatikan huruf besar/kecil.",
        "inactive": "Akun ini dinonaktifkan. Hubungi administrator.",
    }
