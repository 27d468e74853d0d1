"""Production mode refuses insecure configuration; the CLI wraps Django's commands."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SIAGA_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings()
    assert result.returncode != 0
    assert "SIAGA_SECRET_KEY wajib diisi" in result.stderr


def test_production_refuses_a_short_secret_and_missing_hosts():
    assert "SIAGA_SECRET_KEY" in _import_settings(SIAGA_SECRET_KEY="pendek").stderr
    result = _import_settings(SIAGA_SECRET_KEY="x" * 40)
    assert result.returncode != 0 and "SIAGA_ALLOWED_HOSTS wajib diisi" in result.stderr


def test_production_starts_with_a_real_configuration():
    result = _import_settings(SIAGA_SECRET_KEY="k" * 50, SIAGA_ALLOWED_HOSTS="siaga.polres.example")
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_refused():
    result = _import_settings(SIAGA_DEBUG="mungkin")
    assert result.returncode != 0 and "SIAGA_DEBUG='mungkin' tidak valid" in result.stderr


def test_the_siaga_command_wraps_django_management():
    siaga = Path(sys.executable).parent / "siaga"
    env = {**os.environ, "SIAGA_DEBUG": "1"}
    result = subprocess.run([str(siaga), "help", "regions_load"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and "--province" in result.stdout
