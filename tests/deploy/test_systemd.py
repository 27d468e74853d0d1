"""The systemd units in deploy/systemd/ pass `systemd-analyze verify` and restart/kill the way production needs.

The verify runs against a throw-away root: the host's unit library (sysinit.target …), the Siaga units in
/etc/systemd/system and, at /opt/siaga/.venv/bin/, stand-ins for the console scripts the units start (each of
which must exist in this project's own venv). Any warning (an unknown key, a bad value) fails the test."""

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
SERVICES = ["siaga-web.service", "siaga-worker.service", "siaga-triage.service", "siaga-escalate.service"]
PREFIX = "/opt/siaga/.venv/bin/"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(UNITS / name)
    return parser


@pytest.fixture
def fake_root(tmp_path):
    (tmp_path / "usr/lib/systemd").mkdir(parents=True)
    shutil.copytree("/usr/lib/systemd/system", tmp_path / "usr/lib/systemd/system", symlinks=True)
    system = tmp_path / "etc/systemd/system"
    system.mkdir(parents=True)
    bin_dir = tmp_path / PREFIX.strip("/")
    bin_dir.mkdir(parents=True)
    for unit in UNITS.iterdir():
        shutil.copy(unit, system / unit.name)
    for name in SERVICES:
        command = _unit(name)["Service"]["ExecStart"].split()[0]
        assert command.startswith(PREFIX), command
        script = command.removeprefix(PREFIX)
        assert (Path(sys.executable).parent / script).exists(), f"{script} is not a console script of this venv"
        stand_in = bin_dir / script
        stand_in.write_text("#!/bin/sh\n")
        stand_in.chmod(0o755)
    return tmp_path


def test_the_units_pass_systemd_analyze_verify(fake_root):
    system = fake_root / "etc/systemd/system"
    units = [str(system / name) for name in [*SERVICES, "siaga.target"]]
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", f"--root={fake_root}", *units],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # warnings too: an unknown key is silently ignored by systemd


def test_every_service_restarts_on_failure_and_kills_its_whole_process_group():
    for name in SERVICES:
        service = _unit(name)["Service"]
        assert service["Restart"] == "on-failure", name
        assert service["KillMode"] == "control-group", name
        assert _unit(name)["Install"]["WantedBy"] == "siaga.target", name
    wanted = _unit("siaga.target")["Unit"]["Wants"].split()
    assert sorted(wanted) == sorted(SERVICES)
