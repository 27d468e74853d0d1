"""Persona write sweep: Polsek B and the KPU partner cannot change Polsek A's records through any page or API write.

Every page URL pattern (admin and static skipped) is filled with the primary keys of Polsek A's records
(tests/foundation/sweep_data.py) and POSTed with a few generic payloads; every POST/PUT/PATCH/DELETE operation of
/api/openapi.json is sent the same payloads with the persona's bearer token. After every request the A records
(every concrete field and many-to-many value of each A row, and the number of rows pointing at each A row or at
Polsek A itself) must be unchanged, and no request may end in a server error. A positive control shows that the
same kind of POST by Kapolres does change an A record, so the sweep cannot pass vacuously."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from siaga.accounts.models import ApiToken
from tests.foundation import sweep_data
from tests.foundation.test_persona_sweep import Route, _values, routes

pytestmark = pytest.mark.django_db

SKIPPED_NAMES = {"accounts:logout"}  # would end the session and turn the rest of the sweep anonymous
JUNK_FIELDS = (
    "name", "nama", "title", "judul", "text", "teks", "reason", "alasan", "category", "kategori", "status",
    "severity", "level", "unit", "unit_id", "note", "catatan", "action", "count", "jumlah",
)  # fmt: skip
# "wajar": values that pass common forms (e.g. the deployment parameter form), so scope checks behind them are reached
PLAUSIBLE = {
    "note": "X", "catatan": "X", "reason": "X", "alasan": "X", "text": "X", "severity": 2, "level": 2, "count": 1,
    "reserve_fraction": "0.2", "response_minutes": 30, "speed_kmh": 30, "circuity": "1.3", "reserve_team_size": 2,
}  # fmt: skip
PAYLOADS = {"kosong": {}, "sampah": dict.fromkeys(JUNK_FIELDS, "X"), "wajar": PLAUSIBLE}
API_METHODS = ("post", "put", "patch", "delete")


# ---------------------------------------------------------------- snapshot of everything that is Polsek A's


def _row_state(obj) -> dict:
    """One record's state, one query per relation (the reference that `snapshot` must agree with)."""
    state = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    for m2m in obj._meta.many_to_many:
        state[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    for rel in obj._meta.related_objects:
        accessor = rel.get_accessor_name()
        if rel.one_to_one:
            state[f"<{accessor}>"] = rel.related_model._default_manager.filter(**{rel.field.name: obj}).count()
        elif accessor:
            state[f"#{accessor}"] = getattr(obj, accessor).count()
    return state


def _targets(world, district) -> dict[str, list]:
    targets = {label: list(pks) for label, pks in world.a.items()}
    targets.setdefault(district.polsek_a._meta.label, []).append(district.polsek_a.pk)
    return targets


def snapshot_per_object(world, district) -> dict[str, dict]:
    out = {}
    for label, pks in _targets(world, district).items():
        model = apps.get_model(label)
        found = list(model._base_manager.filter(pk__in=pks))
        for obj in found:
            out[f"{label}#{obj.pk}"] = _row_state(obj)
        for pk in set(pks) - {obj.pk for obj in found}:
            out[f"{label}#{pk}"] = {"<dihapus>": True}
    return out


def _grouped_counts(queryset, column: str) -> dict:
    return dict(queryset.order_by().values_list(column).annotate(n=Count("*")).values_list(column, "n"))


def _model_states(model, objs: list) -> dict:
    """The same state as `_row_state` for many records of one model, one query per relation (not per record)."""
    states = {obj.pk: {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields} for obj in objs}
    for m2m in model._meta.many_to_many:
        through = m2m.remote_field.through
        src = through._meta.get_field(m2m.m2m_field_name()).attname
        dst = through._meta.get_field(m2m.m2m_reverse_field_name()).attname
        values: dict = {pk: [] for pk in states}
        for a, b in through._base_manager.filter(**{f"{src}__in": list(states)}).values_list(src, dst):
            values[a].append(b)
        for pk, state in states.items():
            state[m2m.name] = sorted(values[pk])
    for rel in model._meta.related_objects:
        accessor = rel.get_accessor_name()
        if rel.many_to_many:
            if not accessor:
                continue
            through = rel.through
            column = through._meta.get_field(rel.field.m2m_reverse_field_name()).attname
            counts = _grouped_counts(through._base_manager.filter(**{f"{column}__in": list(states)}), column)
            for obj in objs:
                states[obj.pk][f"#{accessor}"] = counts.get(obj.pk, 0)
            continue
        if not (rel.one_to_one or accessor):
            continue
        field = rel.field
        target = field.target_field.attname
        keys = {getattr(obj, target) for obj in objs}
        keys.discard(None)
        qs = rel.related_model._default_manager.filter(**{f"{field.attname}__in": list(keys)})
        counts = _grouped_counts(qs, field.attname)
        key = f"<{accessor}>" if rel.one_to_one else f"#{accessor}"
        for obj in objs:
            states[obj.pk][key] = counts.get(getattr(obj, target), 0)
    return states


def snapshot(world, district) -> dict[str, dict]:
    """'label#pk' -> field values, m2m pks and reverse-relation row counts of every A record and of Polsek A.

    Taken after every request of the sweeps, so it costs one query per model and relation, not per record;
    `test_the_bulk_snapshot_agrees_with_the_per_record_one` holds it to the per-record reference."""
    out = {}
    for label, pks in _targets(world, district).items():
        model = apps.get_model(label)
        found = list(model._base_manager.filter(pk__in=pks))
        for pk, state in _model_states(model, found).items():
            out[f"{label}#{pk}"] = state
        for pk in set(pks) - {obj.pk for obj in found}:
            out[f"{label}#{pk}"] = {"<dihapus>": True}
    return out


def diff(before: dict, after: dict) -> list[str]:
    out = []
    for key, old in before.items():
        new = after.get(key, {})
        changed = {k: (old.get(k), new.get(k)) for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
        if changed:
            out.append(f"{key}: " + ", ".join(f"{k}: {a!r} → {b!r}" for k, (a, b) in sorted(changed.items())))
    return out


# ---------------------------------------------------------------- the write targets


def page_write_urls(world, district) -> list[str]:
    out = []
    for route in routes():
        if route.name in SKIPPED_NAMES:
            continue
        if not route.name:
            if not route.kwargs:
                out.append("/" + route.route)
            continue
        choices = [_values(route, k, world, district) for k in route.kwargs]
        for combo in itertools.product(*choices):
            out.append(reverse(route.name, kwargs=dict(zip(route.kwargs, combo, strict=True))))
    return out


def api_write_operations(world, district) -> list[tuple[str, str]]:
    from config.api import api  # the schema itself; /api/openapi.json needs a signed-in user

    schema = api.get_openapi_schema()
    out = []
    for path, ops in schema["paths"].items():
        params = re.findall(r"{(\w+)}", path)
        route = Route(f"{path.split('/')[2]}:api", path, params)
        for method in (m for m in API_METHODS if m in ops):
            for combo in itertools.product(*[_values(route, p, world, district) for p in params]):
                url = path
                for p, value in zip(params, combo, strict=True):
                    url = url.replace("{" + p + "}", str(value))
                out.append((method, url))
    return out


def rows_written() -> int | None:
    """Rows inserted, updated or deleted so far on the test's connection (the test runs in one transaction), or
    None where the database cannot say. The sweep takes its snapshot only after a request that wrote something."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.total_changes
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_all_tables")
            return int(cursor.fetchone()[0])
    return None


class Sweeper:
    """Sends each write, compares the A snapshot after it and collects every change and server error."""

    def __init__(self, persona: str, world, district):
        self.persona, self.world, self.district = persona, world, district
        self.state = snapshot(world, district)
        self.writes = rows_written()
        self.problems: list[str] = []
        self.sent = 0

    def check(self, method: str, url: str, payload_name: str, response) -> None:
        self.sent += 1
        where = f"{self.persona} {method.upper()} {url} [{payload_name}]"
        if response.status_code >= 500:
            self.problems.append(f"{where} → {response.status_code} (galat server)")
        writes = rows_written()
        if writes is not None and writes == self.writes:
            return  # no row was inserted, updated or deleted anywhere: the A records are as they were
        self.writes = writes
        after = snapshot(self.world, self.district)
        changes = diff(self.state, after)
        if changes:
            self.problems.append(f"{where} → {response.status_code} MENGUBAH rekaman A:\n    " + "\n    ".join(changes))
            self.state = after  # blame the next change on the next request only


def sweep_writes(persona: str, user, world, district) -> Sweeper:
    sweeper = Sweeper(persona, world, district)
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for url in page_write_urls(world, district):
        for name, payload in PAYLOADS.items():
            sweeper.check("post", url, name, client.post(url, payload))
    _, raw = ApiToken.issue(user=user, name="sapu-tulis")
    api = Client(raise_request_exception=False, headers={"Authorization": f"Bearer {raw}"})
    for method, url in api_write_operations(world, district):
        for name, payload in PAYLOADS.items():
            response = getattr(api, method)(url, json.dumps(payload), content_type="application/json")
            sweeper.check(method, url, name, response)
    return sweeper


@pytest.fixture
def world(district, kapolres, ops_user, intel_user, field_a_user, monkeypatch):
    # configured, the SMS/WhatsApp gateway checks its signature instead of answering 503 "not configured"
    monkeypatch.setenv("SIAGA_GATEWAY_SECRET", "rahasia-uji-sapuan")
    return sweep_data.build(district, kapolres=kapolres, ops_user=ops_user, intel_user=intel_user,
                            field_a_user=field_a_user)  # fmt: skip


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("persona", ["polsek_b_user", "partner_user"])
def test_it_never_lets_another_sector_or_a_partner_change_polsek_a_records(world, district, persona, request):
    user = request.getfixturevalue(persona)
    sweeper = sweep_writes(persona, user, world, district)
    assert sweeper.sent > 200, f"sapuan tulis terlalu sedikit: {sweeper.sent} permintaan"
    assert not sweeper.problems, f"{persona} mengubah rekaman Polsek A:\n" + "\n".join(sweeper.problems)


def test_the_snapshot_covers_every_kind_of_a_record(world, district):
    state = snapshot(world, district)
    labels = {key.split("#")[0] for key in state}
    assert labels >= set(world.a) | {"units.Unit"}
    assert len(state) == sum(len(set(pks)) for pks in world.a.values()) + 1


def test_the_bulk_snapshot_agrees_with_the_per_record_one(world, district, kapolres):
    before = snapshot(world, district)
    assert before == snapshot_per_object(world, district)
    client = Client(raise_request_exception=False)
    client.force_login(kapolres, backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("reports:action", kwargs={"pk": world.objects["report"].pk, "action": "verify"}), {})
    after = snapshot(world, district)
    assert after == snapshot_per_object(world, district) and after != before


def test_the_write_counter_sees_a_write_and_nothing_else(world, district):
    from siaga.reports.models import Report

    start = rows_written()
    assert start is not None
    snapshot(world, district)
    assert rows_written() == start  # reading is not writing
    Report.objects.filter(pk=world.objects["report"].pk).update(text="diubah")
    assert rows_written() > start


def test_the_same_post_as_kapolres_does_change_an_a_record(world, district, kapolres):
    """Positive control: the sweep's request shape really writes when the persona may write."""
    sweeper = Sweeper("kapolres", world, district)
    client = Client(raise_request_exception=False)
    client.force_login(kapolres, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("reports:action", kwargs={"pk": world.objects["report"].pk, "action": "verify"})
    sweeper.check("post", url, "kosong", client.post(url, PAYLOADS["kosong"]))
    changed = "\n".join(sweeper.problems)
    assert f"reports.Report#{world.objects['report'].pk}: " in changed, f"Kapolres tidak mengubah laporan A: {changed}"
    assert "galat server" not in changed


def test_the_plausible_payload_reaches_a_real_write_as_ops(world, district, ops_user):
    """Positive control for the "wajar" payload: Kabagops changes the Polres plan that posts Polsek A's TPS."""
    sweeper = Sweeper("ops_user", world, district)
    client = Client(raise_request_exception=False)
    client.force_login(ops_user, backend="django.contrib.auth.backends.ModelBackend")
    plan = world.objects["plan"]
    url = reverse("deployment:params", kwargs={"pk": plan.pk})
    sweeper.check("post", url, "wajar", client.post(url, PAYLOADS["wajar"]))
    changed = "\n".join(sweeper.problems)
    assert f"deployment.DeploymentPlan#{plan.pk}: " in changed and "reserve_team_size" in changed, changed
