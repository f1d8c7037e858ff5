"""Documents built in the background, with their progress shown to the person who
asked: a print job.

A document too large to print while the browser waits (a roster of a thousand
organizations) is registered here by its app, in ``AppConfig.ready``, with the
permission it needs and a builder that makes its PDF bytes. ``print_job_start``
records the job and hands it to Celery when the transaction commits; the task
builds the PDF and keeps it as a stored file attached to the job. Only the person
who asked sees the job and its file; a day later the file is removed.
"""

import datetime
import logging
from dataclasses import dataclass

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from .errors import ServiceError, require
from .models import PrintJob, StoredFile
from .transactions import service_transaction
from .uploads import sha256_of

logger = logging.getLogger(__name__)

KEEP_FOR = datetime.timedelta(days=1)
# A job still building after this was left by a worker that died: it is built again
# when its task is delivered again (tasks are acknowledged late).
STALE_AFTER = datetime.timedelta(minutes=15)


@dataclass(frozen=True)
class PrintDocument:
    name: str
    permission: str
    builder: object  # builder(*, actor, **params) -> bytes


_documents: dict = {}


def register_print_document(name, *, permission, builder):
    _documents[name] = PrintDocument(name=name, permission=permission, builder=builder)


def print_document(name):
    try:
        return _documents[name]
    except KeyError:
        raise ServiceError(f"Unknown document: {name}") from None


def print_job_start(*, actor, document, params, title, filename) -> PrintJob:
    """Queue ``document`` to be printed for ``actor`` with ``params`` (JSON)."""
    registered = print_document(document)
    require(actor, registered.permission)
    with service_transaction():
        job = PrintJob.objects.create(
            document=document,
            params=params,
            title=str(title)[:200],
            filename=filename[:120],
            requested_by=actor,
        )
        transaction.on_commit(lambda: _enqueue(str(job.pk)))
    return job


def _enqueue(job_id):
    build_print_job.delay(job_id)


def print_job_get_for(*, user, pk) -> PrintJob:
    """The job, for the person who asked for it only: 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404
    job = PrintJob.objects.select_related("result").filter(pk=pk).first()
    if job is None or job.requested_by_id != user.pk:
        raise Http404
    return job


def _claim(job_id):
    """Mark the job as building; None when it is gone, finished already, or being
    built by another worker now."""
    with transaction.atomic():
        job = PrintJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        stale = (
            job.status == PrintJob.Status.BUILDING
            and job.started_at < timezone.now() - STALE_AFTER
        )
        if job.status != PrintJob.Status.QUEUED and not stale:
            return None
        job.status = PrintJob.Status.BUILDING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    return job


def print_job_build(*, job_id):
    """Build a queued job's PDF and keep it; safe to run twice. Returns the job."""
    job = _claim(job_id)
    if job is None:
        return PrintJob.objects.filter(pk=job_id).first()
    try:
        registered = print_document(job.document)
        # The person may have lost the right since asking: the builder checks again.
        content = registered.builder(actor=job.requested_by, **job.params)
    except Exception as error:
        logger.exception("Print job %s failed", job.pk)
        job.status = PrintJob.Status.FAILED
        job.error = getattr(error, "message", "") or type(error).__name__
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    upload = ContentFile(content, name=job.filename)
    now = timezone.now()
    stored = StoredFile(
        original_name=job.filename,
        kind="pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=sha256_of(upload),
        description=job.title[:200],
        uploaded_by=job.requested_by,
        uploaded_at=now,
        attached_type=ContentType.objects.get_for_model(PrintJob),
        attached_id=str(job.pk),
    )
    stored.file.save(job.filename, upload, save=False)
    try:
        with transaction.atomic():
            stored.save()
            job.result = stored
            job.status = PrintJob.Status.DONE
            job.finished_at = timezone.now()
            job.save(update_fields=["result", "status", "finished_at"])
    except Exception:
        stored.file.delete(save=False)  # no row, no bytes
        raise
    return job


def print_jobs_purge(*, now=None):
    """Remove jobs (and their files) asked for more than a day ago. Returns how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    old = list(PrintJob.objects.filter(created_at__lt=cutoff).select_related("result"))
    for job in old:
        with transaction.atomic():
            stored = job.result
            job.delete()
            if stored is not None:
                stored.delete()
                transaction.on_commit(
                    lambda stored=stored: stored.file.delete(save=False)
                )
    return len(old)


@shared_task(name="wco_sse.core.tasks.build_print_job")
def build_print_job(job_id):
    print_job_build(job_id=job_id)


@shared_task(name="wco_sse.core.tasks.purge_print_jobs")
def purge_print_jobs():
    return print_jobs_purge()
