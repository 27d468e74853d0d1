"""The public form's rate limit: atomic under simultaneous posts, per real client behind the trusted proxy,
keyed by an HMAC of the address."""

import hashlib
import threading
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client

from siaga.core.clientip import keyed_hash
from siaga.reports.errors import ReportError
from siaga.reports.models import IntakeThrottle, Report
from siaga.reports.services.throttle import PUBLIC_LIMIT, PUBLIC_WINDOW, public_throttle_take

SIMULTANEOUS = 12


def _form():
    return {"client_id": str(uuid.uuid4()), "text": "Ada pembagian sembako oleh tim sukses", "location_text": "A1"}


@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_get_exactly_the_limit(district):
    barrier = threading.Barrier(SIMULTANEOUS)
    statuses = []

    def post():
        try:
            connection.ensure_connection()
            client, data = Client(), _form()
            barrier.wait(10)
            statuses.append(client.post("/lapor/", data, REMOTE_ADDR="10.8.8.8").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(SIMULTANEOUS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert Counter(statuses) == {200: PUBLIC_LIMIT, 429: SIMULTANEOUS - PUBLIC_LIMIT}
    assert Report.objects.count() == PUBLIC_LIMIT


@pytest.mark.django_db
def test_behind_the_proxy_each_citizen_has_their_own_budget(district, settings):
    settings.SIAGA_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    client = Client()
    for _ in range(PUBLIC_LIMIT):
        assert (
            client.post("/lapor/", _form(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
            == 200
        )
    assert (
        client.post("/lapor/", _form(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    )
    assert (
        client.post("/lapor/", _form(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
    )


@pytest.mark.django_db
def test_the_key_is_an_hmac_of_the_address_not_a_bare_hash(district):
    Client().post("/lapor/", _form(), REMOTE_ADDR="10.7.7.7")
    key = IntakeThrottle.objects.get().key
    assert key == keyed_hash("10.7.7.7", purpose="lapor")
    assert key not in {hashlib.sha256(s.encode()).hexdigest() for s in ("10.7.7.7", "lapor:10.7.7.7")}


@pytest.mark.django_db
def test_the_window_slides_and_old_windows_are_forgotten():
    start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    for _ in range(PUBLIC_LIMIT):
        public_throttle_take(ip="10.6.6.6", now=start)
    with pytest.raises(ReportError) as refused:
        public_throttle_take(ip="10.6.6.6", now=start + timedelta(minutes=9))
    assert refused.value.status == 429
    with pytest.raises(ReportError):  # just past the boundary the last 10 minutes still hold 5 reports
        public_throttle_take(ip="10.6.6.6", now=start + PUBLIC_WINDOW + timedelta(seconds=30))
    halfway = start + PUBLIC_WINDOW + PUBLIC_WINDOW / 2  # half of the earlier 5 still count: 2 more fit
    public_throttle_take(ip="10.6.6.6", now=halfway)
    public_throttle_take(ip="10.6.6.6", now=halfway)
    with pytest.raises(ReportError):
        public_throttle_take(ip="10.6.6.6", now=halfway)
    later = start + 3 * PUBLIC_WINDOW
    public_throttle_take(ip="10.6.6.6", now=later)
    assert list(IntakeThrottle.objects.values_list("window", "count")) == [(later, 1)]
