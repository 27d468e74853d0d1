"""A fresh machine: `make test` installs the browser the suite needs (as root), or stops at once with one line
saying what to install (not root) — instead of running the suite into a dozen browser errors."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")


def _make(target: str, *args: str, as_root: bool | None = None, cwd: Path) -> subprocess.CompletedProcess:
    """Run a Makefile target as an unprivileged user (as_root=False), as root (True), or as we are (None)."""
    command = [MAKE, "-s", "-f", str(ROOT / "Makefile"), target, *args]
    if as_root is False and os.geteuid() == 0:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    elif as_root is True and os.geteuid() != 0:
        command = ["unshare", "--map-root-user", *command]  # uid 0 inside a user namespace
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=60, env={"PATH": os.environ["PATH"]}
    )


@pytest.fixture
def workdir(tmp_path):
    tmp_path.chmod(0o777)  # the unprivileged run may write nothing, but must be able to enter it
    return tmp_path


def test_without_chromium_a_non_root_user_is_told_in_one_line_what_to_install(workdir):
    result = _make("browser", f"CHROMIUM={workdir}/tidak-ada/chromium", as_root=False, cwd=workdir)
    assert result.returncode != 0
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 2 and lines[1].startswith("make: ***"), lines  # our line, then make's own error line
    assert "apt-get install -y chromium" in lines[0] and "make test" in lines[0]


def test_without_chromium_root_installs_it_with_debian_packages(workdir):
    target = workdir / "bin" / "chromium"
    log = workdir / "apt.log"
    fake_apt = workdir / "apt-get"
    # stands in for apt-get: records its arguments and, on install, puts an executable where Chromium belongs
    fake_apt.write_text(
        f'#!/bin/sh\necho "$@" >> {log}\n'
        f'case "$*" in *install*) mkdir -p {target.parent} && printf "#!/bin/sh\\n" > {target} '
        f"&& chmod +x {target};; esac\n"
    )
    fake_apt.chmod(fake_apt.stat().st_mode | stat.S_IEXEC)
    result = _make("browser", f"CHROMIUM={target}", f"APT_GET={fake_apt}", as_root=True, cwd=workdir)
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert calls[0] == "update -qq" and calls[1] == "install -y -qq chromium", calls
    assert os.access(target, os.X_OK)


def test_with_chromium_present_nothing_is_installed(workdir):
    present = workdir / "chromium"
    present.write_text("#!/bin/sh\n")
    present.chmod(0o755)
    result = _make("browser", f"CHROMIUM={present}", "APT_GET=/bin/false", cwd=workdir)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_make_test_checks_the_browser_before_anything_else():
    rules = (ROOT / "Makefile").read_text()
    assert "\ntest: browser install\n" in rules
