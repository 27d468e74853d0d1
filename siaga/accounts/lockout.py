"""Login lock-out (django-axes) by account and by client address.

Axes' own reset-on-success deletes every failed attempt that matches the successful login's account *or*
address, so anyone with an account could wipe their guesses at another user's password by signing in to their
own account in between. Here a successful login forgets only that account's failures from that address."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt


class LockoutHandler(AxesDatabaseHandler):
    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(
            username=user.get_username(), ip_address=getattr(request, "axes_ip_address", None)
        ).delete()
