from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_says_503_without_internals_when_the_database_fails(client):
    with mock.patch(
        "wco_sse.views.connection.cursor", side_effect=RuntimeError("pg down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"pg down" not in response.content
    assert response.content == b"unavailable\n"


def test_healthz_checks_redis_where_configured(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
