"""Crash test: the server process is killed (SIGKILL) mid-load and restarted; clients retry everything not
acknowledged with the same client_id. Every acknowledged report is stored exactly once, none twice."""

import threading
import uuid
from collections import Counter

import httpx
import pytest

from siaga.accounts.models import ApiToken
from siaga.reports.models import Report
from tests.reports.server import Server, free_port

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 4
PER_CLIENT = 40


class Client(threading.Thread):
    def __init__(self, url, token, payloads, acked, lock):
        super().__init__(daemon=True)
        self.url, self.payloads, self.acked, self.lock = url, payloads, acked, lock
        self.headers = {"Authorization": f"Bearer {token}"}

    def run(self):
        pending = list(self.payloads)
        with httpx.Client(timeout=5) as http:
            while pending:
                body = pending[0]
                try:
                    response = http.post(f"{self.url}/api/reports/", json=body, headers=self.headers)
                except httpx.HTTPError:
                    self._wait()
                    continue
                if response.status_code in (200, 201):
                    with self.lock:
                        self.acked.append((body["client_id"], response.json()["id"]))
                    pending.pop(0)
                else:
                    self._wait()

    def _wait(self):
        threading.Event().wait(0.2)


def test_every_acknowledged_report_survives_a_kill_9_exactly_once(district, field_a_user):
    _, token = ApiToken.issue(user=field_a_user, name="crash")
    server = Server(free_port())
    server.start()
    acked, lock = [], threading.Lock()
    payloads = [
        [
            {
                "client_id": str(uuid.uuid4()),
                "text": f"Laporan uji ketahanan {c}-{i}: baliho dirusak",
                "lat": district.desa_a[0].lat,
                "lon": district.desa_a[0].lon,
            }
            for i in range(PER_CLIENT)
        ]
        for c in range(CLIENTS)
    ]
    clients = [Client(server.url, token, p, acked, lock) for p in payloads]
    try:
        for c in clients:
            c.start()
        while len(acked) < CLIENTS * PER_CLIENT // 4:
            threading.Event().wait(0.01)
        server.kill()
        acked_before_kill = len(acked)
        server.start()
        for c in clients:
            c.join(120)
    finally:
        server.stop()
    assert all(not c.is_alive() for c in clients)
    assert acked_before_kill < CLIENTS * PER_CLIENT
    sent = {body["client_id"] for p in payloads for body in p}
    stored = Counter(str(cid) for cid in Report.objects.values_list("client_id", flat=True))
    assert set(stored) == sent and max(stored.values()) == 1
    by_client = dict(Report.objects.values_list("client_id", "id"))
    assert all(by_client[uuid.UUID(cid)] == pk for cid, pk in acked)
