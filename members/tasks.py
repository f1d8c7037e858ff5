"""The registry's scheduled work on personal data (settings.CELERY_BEAT_SCHEDULE).
Each task is safe to run twice."""

from celery import shared_task


@shared_task
def privacy_housekeeping():
    """Delete exports past their days; append any journal entry the file lacks."""
    from .personal_data.exports import purge_expired_exports
    from .personal_data.journal import sync_file

    purge_expired_exports()
    sync_file()


@shared_task
def retention_run():
    """Apply the retention rules (journaled like an erasure)."""
    from .personal_data.retention import retention_run_scheduled

    retention_run_scheduled()


@shared_task
def retention_report():
    """The monthly dry run: what the next run will touch, to the secretary-general."""
    from .personal_data.retention import retention_report_monthly

    retention_report_monthly()
