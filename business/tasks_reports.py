"""The reports part's periodic task (issue 17)."""

from celery import shared_task


@shared_task
def report_due_reminders():
    """Celery beat, daily: 7 days before a contract's report is due, the programme's
    lead and the business section are reminded, once per period. Safe to run twice:
    each email's key names the contract, the period and the address."""
    from .services.reports import report_due_remind

    return report_due_remind()
