"""Processes the scale tests start and stop themselves: Siaga workers, a Redis of their own, the replica."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, what: str, *, bound: float = 90.0, every: float = 0.1, log=None):
    """Poll until `predicate()` is truthy; a hang (not a slow run) fails with `what` after `bound` seconds."""
    deadline = time.monotonic() + bound
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"tidak terjadi: {what}" + (f"\n{worker_output(log)}" if log is not None else ""))
        time.sleep(every)


def worker_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIAGA_DATABASE_REPLICA")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SIAGA_TESTING="1",
        SIAGA_TASKS_BACKEND="rq",
        SIAGA_REDIS_URL=settings.RQ_QUEUES["default"]["URL"],
        SIAGA_DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        SIAGA_LOG_LEVEL="WARNING",
    )
    return env


def start_worker(*args: str, name: str = "siaga-worker", env: dict | None = None) -> subprocess.Popen:
    """`siaga worker` in its own process group (so that a SIGKILL takes its work-horse too, as a crash does)."""
    log = tempfile.NamedTemporaryFile(prefix="siaga-worker-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "siaga.cli", "worker", "--housekeeping", "3600", *args],
        cwd=ROOT,
        env={**worker_env(), "PGAPPNAME": name, **(env or {})},  # PGAPPNAME: its sessions in pg_stat_activity
        start_new_session=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    proc.log_path = log.name
    return proc


def worker_output(proc: subprocess.Popen) -> str:
    return Path(proc.log_path).read_text(errors="replace")[-4000:]


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_worker(proc: subprocess.Popen) -> None:
    """SIGKILL the worker and its work-horse (RQ puts the horse in a process group of its own), as a crash of the
    machine or an OOM kill of the service's cgroup would."""
    for pid in [proc.pid, *_descendants(proc.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    proc.wait()
    with contextlib.suppress(OSError):
        os.unlink(proc.log_path)


def run_worker_burst() -> str:
    """A worker that takes what is queued, runs it and exits (`siaga worker --batch`); its output."""
    proc = subprocess.run(
        [sys.executable, "-m", "siaga.cli", "worker", "--batch", "--housekeeping", "3600"],
        cwd=ROOT,
        env=worker_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


class RedisServer:
    """A redis-server of the test's own on a free port, nothing on disk."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=1)

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: self.proc.poll() is None and _ping(self._client()), f"redis-server :{self.port} siap")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.proc = None
        assert not _ping(self._client()), f"redis-server :{self.port} masih menjawab"


def _ping(client) -> bool:
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001 - not up yet
        return False


class Replica:
    """The streaming replica that .ci/scale-services started (SIAGA_CI_REPLICA_DIR), stopped and started again."""

    def __init__(self):
        self.dir = os.environ.get("SIAGA_CI_REPLICA_DIR", "/tmp/siaga-replica-5433")
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        self.pg_ctl = str(bins[-1]) if bins else "pg_ctl"

    def _pg_ctl(self, *args: str) -> None:
        command = [self.pg_ctl, "-D", self.dir, *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def stop(self) -> None:
        self._pg_ctl("-m", "immediate", "-w", "stop")

    def start(self) -> None:
        self._pg_ctl("-l", f"{self.dir}/replica.log", "-w", "-t", "60", "start")
