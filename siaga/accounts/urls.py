from django.contrib.auth import views as auth_views
from django.urls import path

from siaga.accounts import views
from siaga.accounts.forms import LoginForm

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/token/", views.tokens, name="tokens"),
    path("akun/token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]
