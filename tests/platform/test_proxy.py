"""Behind the TLS proxy: only the proxy is published, and the portal believes the
X-Forwarded-* headers only as far as ``WCO_TRUSTED_PROXY_COUNT`` says, in production
mode as in tests (tests/hostile/test_rate_limit.py: the sign-in limits built on it)."""

import pytest
import yaml
from django.test import RequestFactory

from tests.platform.test_settings import PRODUCTION_ENV, ROOT, _manage
from wco_sse.core.clientip import client_ip

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def published(service):
    """(host address, host port) of each port ``service`` publishes on the host; the
    address "" for every interface."""
    for entry in COMPOSE["services"][service].get("ports", []):
        if isinstance(entry, dict):
            yield entry.get("host_ip", ""), int(entry["published"])
            continue
        parts = str(entry).split("/")[0].split(":")
        if len(parts) == 1:  # a container port on a random host port, every interface
            yield "", 0
        else:
            yield (parts[0] if len(parts) == 3 else ""), int(parts[-2])


def test_compose_publishes_the_tls_proxy_alone():
    publishing = {name for name in COMPOSE["services"] if list(published(name))}
    assert publishing == {"proxy"}
    assert sorted(port for _, port in published("proxy")) == [80, 443]
    # Not even on one interface: the proxy reaches web over the compose network.
    assert list(published("web")) == []


def test_compose_tells_the_portal_of_its_one_proxy():
    web = COMPOSE["services"]["web"]
    assert web["environment"]["WCO_TRUSTED_PROXY_COUNT"] == "1"
    mount = next(
        volume
        for volume in COMPOSE["services"]["proxy"]["volumes"]
        if volume.endswith(":/etc/caddy/Caddyfile:ro")
    )
    caddyfile = "\n".join(
        line.partition("#")[0]
        for line in (ROOT / mount.split(":")[0]).read_text().splitlines()
    )
    port = next(p for p in web["command"] if p.startswith("0.0.0.0:")).split(":")[1]
    assert f"reverse_proxy web:{port}" in caddyfile
    # Caddy believes no X-Forwarded-For from its clients: the one entry web gets is its.
    assert "trusted_proxies" not in caddyfile


SHOW = (
    "from allauth.account.adapter import get_adapter; "
    "from django.test import RequestFactory; "
    "from wco_sse.core.clientip import client_ip; "
    "r = RequestFactory().get('/', REMOTE_ADDR='10.0.0.2', "
    "HTTP_X_FORWARDED_FOR='198.18.0.1, 203.0.113.9', HTTP_X_FORWARDED_PROTO='https'); "
    "print(client_ip(r), get_adapter().get_client_ip(r), r.is_secure())"
)


def test_production_behind_one_proxy_reads_the_proxys_entry_only():
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        SHOW,
        env={**PRODUCTION_ENV, "WCO_TRUSTED_PROXY_COUNT": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["203.0.113.9", "203.0.113.9", "True"]


def test_production_without_a_proxy_believes_no_forwarded_header():
    result = _manage("shell", "--no-imports", "-c", SHOW, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    # Neither the address nor the scheme a client claims.
    assert result.stdout.split() == ["10.0.0.2", "10.0.0.2", "False"]


@pytest.mark.parametrize("value", ["one", "-1", "64"])
def test_production_refuses_a_proxy_count_that_is_not_one(value):
    result = _manage("check", env={**PRODUCTION_ENV, "WCO_TRUSTED_PROXY_COUNT": value})
    assert result.returncode != 0
    assert "WCO_TRUSTED_PROXY_COUNT" in result.stderr


def request(remote="10.0.0.2", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),
        (1, None, "10.0.0.2"),  # straight to gunicorn, e.g. the health check
        (1, "", "10.0.0.2"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4,203.0.113.9:51234", "203.0.113.9"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "1.2.3.4, unknown", "10.0.0.2"),
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (2, "203.0.113.9", "203.0.113.9"),  # fewer hops: still written by ours
    ],
)
def test_client_ip(settings, count, forwarded, expected):
    settings.WCO_TRUSTED_PROXY_COUNT = count
    assert client_ip(request(forwarded=forwarded)) == expected
