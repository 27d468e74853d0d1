import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

from siaga.core.handlers import ApiWSGIHandler, PathDispatcher  # noqa: E402

application = PathDispatcher(site=WSGIHandler(), api=ApiWSGIHandler())
