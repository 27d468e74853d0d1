"""The delete confirmation shared by objects and teams: GET shows what goes with the record, POST deletes it
through the given service; a refusal (ValidationError) is shown on the same page with HTTP 400."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def confirm_delete(request, *, delete, what: str, consequence: str, checkins: int, done: str, done_url, cancel_url):
    error = ""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, done)
            return redirect(done_url)
    context = {"what": what, "consequence": consequence, "checkins": checkins, "error": error, "cancel_url": cancel_url}
    return render(request, "patrols/confirm_delete.html", context, status=400 if error else 200)
