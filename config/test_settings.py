"""Settings for the test suite: the real settings with testing defaults (same database choice rules)."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SIAGA_TESTING", "1")
os.environ.setdefault("SIAGA_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    _TEST_DB = os.environ.get("SIAGA_TEST_SQLITE_PATH") or str(VAR_DIR / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": _TEST_DB}  # noqa: F405
else:
    # A test database need not survive a power cut: commits do not wait for the WAL flush (the suite's many
    # transactional tests commit and flush constantly). Production keeps the server's setting.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405

# The API token generation file (siaga.core.generations) of this test process only: other test runs on the same
# checkout (or xdist workers) changing tokens must not invalidate this one's kept tokens mid-test.
SIAGA_GENERATION_DIR = tempfile.mkdtemp(prefix=f"siaga-test-generations-{os.getpid()}-")
atexit.register(shutil.rmtree, SIAGA_GENERATION_DIR, True)
