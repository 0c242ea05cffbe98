"""Schemathesis against the REST API's OpenAPI schema: no request it makes may get a server error.
Analysis is left out (each call would run the spaCy pipeline); its input checks are tested by hand."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from dateline.web import WebSettings, create_app  # noqa: E402
from web_helpers import fill  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("schema") / "store.sqlite")
    fill(db)
    return create_app(db, WebSettings(user="schemathesis"))


def test_web_schema_no_server_errors(app):
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    tried = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/v1/analyze":
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(checks=[not_a_server_error])

        check()
        tried += 1
    assert tried >= 15
