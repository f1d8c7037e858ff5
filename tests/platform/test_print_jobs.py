"""Print jobs: a document built in the background (Celery, eager here), kept as a
stored file for the person who asked, shown to nobody else, removed after a day."""

import datetime
import os
import time

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.members.dues_support import *  # noqa: F403  (fixtures)
from wco_sse.core import printjobs
from wco_sse.core.errors import PermissionDenied
from wco_sse.core.models import PrintJob, StoredFile
from wco_sse.core.printjobs import (
    print_job_build,
    print_job_get_for,
    print_job_start,
    print_jobs_purge,
    register_print_document,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def documents(monkeypatch):
    """Two test documents: one that prints, one that breaks."""
    monkeypatch.setattr(printjobs, "_documents", dict(printjobs._documents))
    calls = []

    def good(*, actor, size):
        calls.append((actor, size))
        return PDF

    def bad(*, actor):
        raise RuntimeError("the printer caught fire")

    register_print_document(
        "test.good", permission="members.print_registry", builder=good
    )
    register_print_document(
        "test.bad", permission="members.print_registry", builder=bad
    )
    return calls


def _start(actor, document="test.good", **params):
    return print_job_start(
        actor=actor,
        document=document,
        params=params or {"size": 3},
        title="テスト名簿",
        filename="test.pdf",
    )


def test_a_job_is_built_when_its_request_commits(
    staff, documents, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = _start(staff)
    assert job.status == PrintJob.Status.QUEUED and not documents
    for callback in callbacks:
        callback()  # Celery, eager in tests
    job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE
    assert documents == [(staff, 3)]
    assert job.result.file.read() == PDF
    assert job.result.attached_to == job
    assert (job.result.original_name, job.result.content_type) == (
        "test.pdf",
        "application/pdf",
    )


def test_building_twice_makes_one_file(staff, documents):
    job = _start(staff)
    print_job_build(job_id=job.pk)
    print_job_build(job_id=job.pk)
    assert len(documents) == 1
    assert StoredFile.objects.filter(attached_id=str(job.pk)).count() == 1


def test_a_job_left_building_by_a_dead_worker_is_built_again(staff, documents):
    job = _start(staff)
    PrintJob.objects.filter(pk=job.pk).update(
        status=PrintJob.Status.BUILDING, started_at=timezone.now()
    )
    assert print_job_build(job_id=job.pk).status == PrintJob.Status.BUILDING
    assert not documents  # another worker is on it
    PrintJob.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    assert print_job_build(job_id=job.pk).status == PrintJob.Status.DONE
    assert len(documents) == 1


def test_a_failed_build_is_shown_as_failed(staff, documents):
    job = _start(staff, "test.bad", placeholder=1)
    job.params = {}
    job.save()
    job = print_job_build(job_id=job.pk)
    assert job.status == PrintJob.Status.FAILED and job.result is None
    assert job.finished_at is not None


def test_only_those_who_may_print_start_a_job(documents):
    citizen = PersonFactory(with_account=True).account
    with pytest.raises(PermissionDenied):
        _start(citizen)
    assert not PrintJob.objects.exists()


def test_the_job_is_for_the_person_who_asked_only(staff, documents):
    job = _start(staff)
    assert print_job_get_for(user=staff, pk=job.pk) == job
    other = PersonFactory(with_account=True).account
    with pytest.raises(Http404):
        print_job_get_for(user=other, pk=job.pk)


def test_jobs_and_their_files_go_after_a_day(
    staff, documents, django_capture_on_commit_callbacks
):
    old, recent = _start(staff), _start(staff)
    print_job_build(job_id=old.pk)
    print_job_build(job_id=recent.pk)
    old = PrintJob.objects.get(pk=old.pk)
    path = old.result.file.path
    PrintJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert print_jobs_purge() == 1
    assert list(PrintJob.objects.all()) == [recent]
    assert not StoredFile.objects.filter(pk=old.result_id).exists()
    assert not os.path.exists(path)
    recent.refresh_from_db()
    assert StoredFile.objects.filter(pk=recent.result_id).exists()


def test_the_purge_runs_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "wco_sse.core.tasks.purge_print_jobs" in tasks


def test_the_progress_page_and_the_download(client, staff, documents):
    job = _start(staff)
    client.force_login(staff)
    page = client.get(reverse("members:print_job", kwargs={"job_id": job.pk}))
    text = page.content.decode()
    assert "テスト名簿" in text
    assert 'hx-trigger="every 1s"' in text
    download = reverse("members:print_job_download", kwargs={"job_id": job.pk})
    assert download not in text
    # Asked for before it is ready, the download leads back to the progress page.
    assert client.get(download).status_code == 302
    print_job_build(job_id=job.pk)
    fragment = client.get(
        reverse("members:print_job", kwargs={"job_id": job.pk}),
        headers={"HX-Request": "true"},
    ).content.decode()
    assert download in fragment and "hx-trigger" not in fragment
    assert "<html" not in fragment
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response) == PDF
    client.force_login(PersonFactory(with_account=True).account)
    assert client.get(download).status_code == 404


@pytest.mark.postgres
@pytest.mark.redis
def test_a_real_worker_builds_a_roster_job(transactional_db, tmp_path, monkeypatch):
    """The task is found by Celery's worker under its name and prints the registered
    会員名簿 there, once, however often it is delivered."""
    import subprocess
    import sys
    import threading

    from celery import Celery

    from members.models import Role
    from tests.conftest import _redis_url
    from tests.members.dues_support import account_with_role
    from tests.platform.test_celery_worker import ROOT, _database_url, _wait_for

    queue = f"wco-test-print-{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": _redis_url(),
        "DJANGO_MEDIA_ROOT": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "wco_sse", "worker"),
            *("--pool", "solo", "-Q", queue),
            *("--without-heartbeat", "--without-gossip", "--without-mingle"),
            *("--loglevel", "INFO"),
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
        assert _wait_for(lambda: any(" ready." in line for line in lines), 180)
        monkeypatch.setattr(printjobs, "_enqueue", lambda job_id: None)
        staff = account_with_role(Role.SECRETARIAT_STAFF)
        job = print_job_start(
            actor=staff,
            document="members.member_roster",
            params={"as_of": "2026-12-06", "wareki": False},
            title="会員名簿",
            filename="member_roster_20261206.pdf",
        )
        sender = Celery(broker=_redis_url())
        for _ in range(2):
            sender.send_task(
                "wco_sse.core.tasks.build_print_job", args=[str(job.pk)], queue=queue
            )
        assert _wait_for(
            lambda: PrintJob.objects.get(pk=job.pk).status == PrintJob.Status.DONE, 90
        ), "the worker did not build the job"
        time.sleep(2)
        job.refresh_from_db()
        assert StoredFile.objects.filter(attached_id=str(job.pk)).count() == 1
        written = list(tmp_path.rglob("*"))
        assert any(p.is_file() and p.read_bytes().startswith(b"%PDF-") for p in written)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        reader.join(timeout=5)
