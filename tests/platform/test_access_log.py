"""The access log keeps no token (issue 12, item 2): the links that open with a
token in their path are logged with ``[token]`` in its place."""

import datetime
import json
from pathlib import Path
from types import SimpleNamespace

import yaml
from gunicorn.config import Config

from wco_sse.access_log import RedactingLogger

ROOT = Path(__file__).resolve().parents[2]


def _logger_class_of(command):
    return command[command.index("--logger-class") + 1]


def _deployed_logger_class():
    """The logger class both deployed command lines name: compose's web and the image's."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    image_cmd = next(
        json.loads(line.removeprefix("CMD "))
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.startswith("CMD ")
    )
    from_compose = _logger_class_of(compose["services"]["web"]["command"])
    assert _logger_class_of(image_cmd) == from_compose
    return from_compose


def _logged_line(path, referer="-"):
    config = Config()
    config.set("logger_class", _deployed_logger_class())
    logger = config.logger_class(config)
    assert isinstance(logger, RedactingLogger)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.5",
        "HTTP_REFERER": referer,
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(
        response, [("REFERER", referer)], environ, datetime.timedelta(seconds=0)
    )
    return logger.cfg.access_log_format % atoms


def test_token_links_are_logged_without_their_token():
    secret = "Vb3x9QmZt2Lk8P"
    for path in (
        f"/secretariat/consent/{secret}/",
        f"/accounts/password/reset/key/1a-{secret}/",
        f"/accounts/confirm-email/{secret}/",
        f"/support/consultations/appointments/{secret}:sig/calendar.ics",
    ):
        line = _logged_line(path, referer=f"https://portal.example.jp{path}")
        assert secret not in line
        assert "[token]" in line


def test_other_paths_are_logged_as_they_are():
    line = _logged_line("/support/consultations/12/")
    assert "/support/consultations/12/" in line
