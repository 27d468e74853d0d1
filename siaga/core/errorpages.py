"""Error pages (config/urls.py handler400): the reason in Bahasa Indonesia, e.g. a query parameter out of range
(siaga.core.params.ParamError)."""

import logging

from django.core.exceptions import BadRequest
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.html import escape

logger = logging.getLogger("siaga.pages")
GENERIC = "Permintaan tidak valid."


def bad_request(request, exception=None):
    # Only our own BadRequest carries a message meant for the user; Django's (e.g. DisallowedHost) does not.
    message = str(exception) if isinstance(exception, BadRequest) and str(exception) else GENERIC
    try:
        body = render_to_string("core/bad_request.html", {"message": message}, request=request)
    except Exception:  # the page frame itself failed (e.g. a broken request): plain text is still an answer
        logger.exception("Halaman 400 gagal dirender")
        body = f"<!doctype html><html lang='id'><title>Permintaan tidak valid</title><p>{escape(message)}</p></html>"
    return HttpResponseBadRequest(body)
