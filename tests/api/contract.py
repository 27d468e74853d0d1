"""What the schemathesis contract tests share: the app's OpenAPI schema loaded over WSGI in the test's own
process and transaction with a real bearer token, and every operation run against the documented checks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from siaga.accounts.models import ApiToken

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


@contextmanager
def wsgi_schema(user, *, extra_headers: dict[str, str] | None = None) -> Iterator[tuple[object, dict[str, str]]]:
    """The schema of /api/openapi.json served by the app over WSGI, inside the test's transaction (as Django's
    test client does it), and the headers carrying a fresh API token of `user` (plus `extra_headers`).

    Django closes the connection at each request's start and end; that would end the test's transaction, so the
    handlers are disconnected meanwhile and reconnected afterwards, whatever happens."""
    from config.wsgi import application

    token = ApiToken.issue(user=user, name="skema")[1]
    headers = {"Authorization": f"Bearer {token}", **(extra_headers or {})}
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application, headers=headers), headers
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def operation_failures(
    operations: Iterable, headers: dict[str, str], examples: dict[GenerationMode, int]
) -> dict[str, str]:
    """Every operation with `examples[mode]` generated cases per mode, valid inputs (answered as documented) and
    invalid ones (refused with a documented 4xx), each checked by CHECKS; the failures per operation and mode,
    every one collected rather than the first only."""
    failures = {}
    for operation in operations:
        for mode, count in examples.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=count,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def check(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                check()
            except Exception as exc:  # collect every operation's failure, not only the first one
                failures[f"{operation.method.upper()} {operation.path} ({mode.value})"] = str(exc)[:1500]
    return failures


def failures_report(failures: dict[str, str]) -> str:
    return "\n\n".join(f"{op}\n{text}" for op, text in failures.items())
