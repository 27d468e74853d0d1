"""Level sweep: a role is tied to the level of its user's unit, not to its name alone.

The probe behind issue #16 found that an ops (or intel) user placed at a Polsek could recompute and approve the
Polres deployment plan, import TPS over another Polsek's and change the kabupaten-wide kerawanan indicators. Here
every page and API write is sent (as in the persona write sweep) by staff roles placed at a Polsek:

- at Polsek B: nothing of Polsek A's, nor any Polres-wide record that covers A (election, operation, plan,
  indicator catalog, patterns), may change;
- at Polsek A itself: its own sector's records are its business, but the Polres-wide records may not change.

A positive control shows the same requests by the Polres's Kabagops do change Polres-wide records."""

from __future__ import annotations

import copy

import pytest
from django.test import Client
from django.urls import resolve, reverse

from siaga.deployment.models import SecurityPattern
from siaga.risk.models import Indicator, RiskProfile
from tests.factories import UserFactory
from tests.foundation import test_persona_write_sweep as write_sweep
from tests.foundation.test_persona_write_sweep import PAYLOADS, Sweeper, sweep_writes
from tests.foundation.test_persona_write_sweep import snapshot as full_snapshot
from tests.foundation.test_persona_write_sweep import world as world  # noqa: F401  (the shared fixture)

pytestmark = pytest.mark.django_db

POLRES_WIDE = (
    "elections.Election",
    "elections.Operation",
    "deployment.DeploymentPlan",
    "deployment.SecurityPattern",
    "risk.RiskProfile",
    "risk.Indicator",
)


def _with_polres_records(world):
    """Add the kabupaten-wide kerawanan catalog and the operation's patterns to the records watched."""
    profiles = list(RiskProfile.objects.filter(election=world.election).values_list("pk", flat=True))
    world.a.setdefault("risk.RiskProfile", []).extend(profiles)
    indicators = Indicator.objects.filter(profile_id__in=profiles).values_list("pk", flat=True)
    world.a.setdefault("risk.Indicator", []).extend(indicators)
    patterns = SecurityPattern.objects.filter(operation=world.operation).values_list("pk", flat=True)
    world.a.setdefault("deployment.SecurityPattern", []).extend(patterns)
    assert world.a["risk.Indicator"] and world.a["deployment.SecurityPattern"], "katalog/pola tidak terbentuk"
    return world


# the apps that hold Polres-wide records: their pages and API writes are what a Polsek's staff must not reach
POLRES_APPS = ("elections", "stations", "risk", "deployment")


@pytest.fixture(autouse=True)
def polres_apps_only(monkeypatch):
    """Sweep the page and API writes of the apps that own Polres-wide records (the full write sweep covers the
    rest for Polsek B and the partner)."""
    pages, api = write_sweep.page_write_urls, write_sweep.api_write_operations

    def page_urls(world, district):
        return [url for url in pages(world, district) if resolve(url).namespace in POLRES_APPS]

    def api_operations(world, district):
        return [(m, url) for m, url in api(world, district) if url.split("/")[2] in POLRES_APPS]

    monkeypatch.setattr(write_sweep, "page_write_urls", page_urls)
    monkeypatch.setattr(write_sweep, "api_write_operations", api_operations)


@pytest.fixture
def polres_only(monkeypatch):
    """Watch only the Polres-wide records (URLs are still filled with every A record's keys)."""

    def snapshot(world, district):
        only = copy.copy(world)
        only.a = {label: pks for label, pks in world.a.items() if label in POLRES_WIDE}
        # the records' own fields and many-to-many values: a Polsek's own notes or reports pointing at the election
        # are its business, a changed election, plan, catalog or pattern is not
        return {
            key: {k: v for k, v in state.items() if not k.startswith(("#", "<"))}
            for key, state in full_snapshot(only, district).items()
            if not key.startswith("units.")
        }

    monkeypatch.setattr(write_sweep, "snapshot", snapshot)


@pytest.mark.parametrize("role", ["ops"])
def test_staff_at_polsek_b_change_nothing_of_polsek_a_nor_the_polres(world, district, role):  # noqa: F811
    user = UserFactory(username=f"{role}_polsek_b", role=role, unit=district.polsek_b)
    sweeper = sweep_writes(f"{role}@Polsek B", user, _with_polres_records(world), district)
    assert sweeper.sent > 100, f"sapuan tulis terlalu sedikit: {sweeper.sent} permintaan"
    assert not sweeper.problems, f"{role} di Polsek B mengubah rekaman:\n" + "\n".join(sweeper.problems)


@pytest.mark.parametrize("role", ["ops", "intel"])
def test_staff_at_polsek_a_cannot_change_polres_wide_records(world, district, role, polres_only):  # noqa: F811
    user = UserFactory(username=f"{role}_polsek_a", role=role, unit=district.polsek_a)
    sweeper = sweep_writes(f"{role}@Polsek A", user, _with_polres_records(world), district)
    assert sweeper.sent > 100
    assert not sweeper.problems, f"{role} di Polsek A mengubah rekaman Polres:\n" + "\n".join(sweeper.problems)


def test_the_polres_kabagops_does_change_polres_wide_records(world, district, ops_user, polres_only):  # noqa: F811
    """Positive control: the same kind of request from the Polres reaches the Polres-wide plan."""
    sweeper = Sweeper("ops@Polres", _with_polres_records(world), district)
    client = Client(raise_request_exception=False)
    client.force_login(ops_user, backend="django.contrib.auth.backends.ModelBackend")
    plan = world.objects["plan"]
    url = reverse("deployment:params", kwargs={"pk": plan.pk})
    sweeper.check("post", url, "wajar", client.post(url, PAYLOADS["wajar"]))
    assert any(f"deployment.DeploymentPlan#{plan.pk}: " in p for p in sweeper.problems), sweeper.problems
