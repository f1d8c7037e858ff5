from smtplib import SMTPException

from celery import shared_task

from . import emails


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_kwargs={"max_retries": 6},
)
def send_email(email_id):
    return emails.email_deliver(email_id=email_id)


@shared_task(acks_late=True)
def import_commit(batch_id, actor_id=None):
    """Commit a checked member-list import (all or nothing). Safe to run twice."""
    from .imports import import_commit_run

    return import_commit_run(batch_id=batch_id, actor_id=actor_id)
