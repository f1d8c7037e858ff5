from celery import shared_task

from .commit import import_commit_run


@shared_task(acks_late=True)
def import_commit(batch_id, actor_id=None):
    """Commit a checked member-list import (all or nothing). Safe to run twice."""
    return import_commit_run(batch_id=batch_id, actor_id=actor_id)
