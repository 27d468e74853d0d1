"""Siaga under uvicorn, except that the process dies (os._exit, as kill -9 or a power cut would) right after a
report's INSERT has committed and before its inline triage: the worst moment for the inline mode.

    python -m tests.reports.crashing_server PORT"""

import os
import sys

import uvicorn

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from config.asgi import application  # noqa: E402 - sets Django up
from siaga.reports.services import deferred  # noqa: E402


def _die(ids):
    os._exit(9)


deferred._triage_inline = _die  # what the after-commit hook of the intake calls

if __name__ == "__main__":
    uvicorn.run(application, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
