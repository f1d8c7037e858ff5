"""The contracts part's periodic tasks (issue 17)."""

from celery import shared_task


@shared_task
def training_report_reminders():
    """Celery beat, daily at 08:00 Asia/Tokyo: the programme's lead and the business
    section are emailed about each contract whose training report (研修報告) is due
    within seven days, once per contract and due date (safe to run twice)."""
    from .services.contracts import training_report_reminders_send

    return training_report_reminders_send()
