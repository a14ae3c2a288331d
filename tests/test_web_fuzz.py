"""OpenAPI-driven fuzzing of the running server (schemathesis): whatever it sends, no 5xx,
and every error speaks Chinese. Bounded (a few dozen requests per operation) for CI."""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings

from tests.web_helpers import copy_profiles, live_server


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    profiles = copy_profiles(tmp_path_factory.mktemp("fuzz"))
    with live_server(profiles) as url:
        yield schemathesis.openapi.from_url(url + "/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_no_server_error(case):
    response = case.call(timeout=60)
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert re.search(r"[\u4e00-\u9fff]", response.json()["detail"]), response.text[:300]
