"""The sites part's Celery tasks (issue 17)."""

from celery import shared_task

from .services import sites as services


@shared_task
def session_reminders():
    """Celery beat, daily in the morning: the recorders of a site that was due to open
    yesterday and has no session recorded for it are reminded. Safe to run twice:
    each email's key names the site, the day and the person."""
    return services.session_reminders_send()
