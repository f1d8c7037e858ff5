"""A real Celery worker on Redis sends a queued email, once, however often asked."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from support.services import application_create
from tests.conftest import _redis_url
from tests.factories import AffiliationFactory, PersonFactory
from tests.support.factories import CourseFactory
from wco_sse.core.emails import email_queue
from wco_sse.core.models import OutboundEmail

ROOT = Path(__file__).resolve().parents[2]


def _database_url():
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return (
        f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
        f"/{s['NAME']}"
    )


def _wait_for(predicate, timeout=45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.postgres
@pytest.mark.redis
def test_worker_sends_a_queued_email_exactly_once(
    transactional_db, tmp_path, monkeypatch
):
    queue = f"wco-test-{os.getpid()}"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": _redis_url(),
        "EMAIL_URL": f"file://{outbox}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "wco_sse",
            "worker",
            "--pool",
            "solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    reader = threading.Thread(
        target=lambda: lines.extend(iter(worker.stdout.readline, "")), daemon=True
    )
    reader.start()
    try:
        # A loaded machine can take a while to start the worker: wait until it is
        # ready, so that the timings below measure the task alone.
        assert _wait_for(lambda: any(" ready." in line for line in lines), 180), (
            "the worker did not start"
        )
        # Queue without the in-process (eager) hand-off; the worker gets the task below.
        monkeypatch.setattr("wco_sse.core.emails._enqueue", lambda email_id: None)
        email = email_queue(
            key="worker-test",
            template="second_factor_reset",
            to="kobayashi@example.jp",
            context={"person": PersonFactory(family_name="小林", given_name="明美")},
        )
        sender = Celery(broker=_redis_url())
        sender.send_task("wco_sse.core.tasks.send_email", args=[email.pk], queue=queue)
        assert _wait_for(
            lambda: (
                OutboundEmail.objects.get(pk=email.pk).status
                == OutboundEmail.Status.SENT
            )
        ), "the worker did not send the email"
        # A duplicate delivery of the same task must not send it again.
        sender.send_task("wco_sse.core.tasks.send_email", args=[email.pk], queue=queue)
        import redis

        client = redis.Redis.from_url(_redis_url())
        assert _wait_for(lambda: client.llen(queue) == 0)
        time.sleep(2)
        files = list(outbox.iterdir())
        assert len(files) == 1
        assert "小林 明美" in files[0].read_text()
        assert OutboundEmail.objects.get(pk=email.pk).attempts == 1

        # An email queued as a promise under a busy lock (a course application):
        # the worker writes its words, then sends it.
        monkeypatch.setattr("wco_sse.core.emails._enqueue_key", lambda key: None)
        person = PersonFactory(with_account=True, family_name="森", given_name="由紀")
        AffiliationFactory(person=person)
        application = application_create(
            actor=person.account,
            course=CourseFactory(title="協同労働の会計入門"),
            person=person,
        )
        key = f"course-application:{application.pk}:confirmed"
        assert OutboundEmail.objects.get(key=key).body_text == ""
        sender.send_task("wco_sse.core.tasks.send_email_keyed", args=[key], queue=queue)
        assert _wait_for(
            lambda: (
                OutboundEmail.objects.get(key=key).status == OutboundEmail.Status.SENT
            )
        ), "the worker did not write and send the application's email"
        written = OutboundEmail.objects.get(key=key)
        assert "協同労働の会計入門" in written.subject
        assert "森 由紀" in written.body_text
        assert len(list(outbox.iterdir())) == 2
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        reader.join(timeout=5)
        print("".join(lines))
