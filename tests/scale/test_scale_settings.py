"""The scale-out settings: off by default, refused when inconsistent, on with their environment variables."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, config.settings as s; print(json.dumps({'tasks': s.TASKS, 'cache': getattr(s, 'CACHES', None), "
    "'session': getattr(s, 'SESSION_ENGINE', None), 'dbs': sorted(s.DATABASES), "
    "'routers': getattr(s, 'DATABASE_ROUTERS', []), 'mw': s.MIDDLEWARE[-1], 'staging': s.SIAGA_IMPORT_STAGING_DIR}))"
)


def _settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SIAGA_")}
    clean.update(SIAGA_TESTING="1", **env)
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_the_embedded_default_is_unchanged():
    result = _settings()
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["tasks"] == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert got["cache"] is None and got["session"] is None  # Django's defaults: process memory, database
    assert got["dbs"] == ["default"] and got["routers"] == []


def test_redis_switches_jobs_cache_and_sessions_on(tmp_path):
    result = _settings(SIAGA_REDIS_URL="redis://10.0.0.20:6379/0", SIAGA_IMPORT_STAGING_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["tasks"]["default"]["BACKEND"] == "siaga.core.tasks_rq.RQBackend"
    assert got["tasks"]["db"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert got["cache"]["default"]["BACKEND"] == "siaga.core.cache.FailOpenRedisCache"
    assert got["cache"]["default"]["LOCATION"] == "redis://10.0.0.20:6379/1"  # never the queue's database
    assert got["session"] == "django.contrib.sessions.backends.cached_db"
    assert got["staging"] == str(tmp_path)


def test_replicas_add_a_router_and_the_sticky_middleware():
    result = _settings(
        SIAGA_DATABASE_URL="postgres://siaga@10.0.0.10:5432/siaga",
        SIAGA_DATABASE_REPLICA_URLS="postgres://siaga@10.0.0.11:5432/siaga,postgres://siaga@10.0.0.12:5432/siaga",
    )
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["dbs"] == ["default", "replica_0", "replica_1"]
    assert got["routers"] == ["siaga.core.dbrouter.ReplicaRouter"]
    assert got["mw"] == "siaga.core.replicas.ReplicaStickyMiddleware"


def test_inconsistent_scale_settings_are_refused_with_a_clear_message():
    assert "memerlukan SIAGA_REDIS_URL" in _settings(SIAGA_TASKS_BACKEND="rq").stderr
    assert "memerlukan SIAGA_DATABASE_URL" in _settings(SIAGA_DATABASE_REPLICA_URLS="postgres://x@h/db").stderr
    assert "SIAGA_TASKS_FALLBACK" in _settings(SIAGA_REDIS_URL="redis://h/0", SIAGA_TASKS_FALLBACK="file").stderr
