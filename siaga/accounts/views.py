"""The API token page: issue (the value is shown once), list and revoke tokens, for oneself or the users one
manages (siaga/accounts/selectors.py says whom)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from siaga.accounts import selectors, services
from siaga.accounts.forms import TokenForm


@never_cache
@login_required
def tokens(request):
    users = selectors.token_users_for(actor=request.user)
    form = TokenForm(request.POST or None, users=users, initial={"user": request.user.pk})
    new_token, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            days = form.cleaned_data["days"]
            try:
                token, raw = services.api_token_issue(
                    actor=request.user,
                    user=form.cleaned_data["user"],
                    name=form.cleaned_data["name"],
                    expires_at=timezone.now() + timedelta(days=days) if days else None,
                )
            except services.TokenError as exc:
                form.add_error(None, exc.message)
                status = 400
            else:
                new_token = {"token": token, "raw": raw}
                form = TokenForm(users=users, initial={"user": request.user.pk})
        else:
            status = 400
    context = {"form": form, "tokens": selectors.tokens_for(actor=request.user), "new_token": new_token}
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = selectors.tokens_for(actor=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("Token tidak ditemukan.")
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, f"Token '{token.name}' milik {token.user.username} dicabut.")
    return redirect("accounts:tokens")
