from celery import shared_task

from . import services
from .services import talent as talent_services


@shared_task
def send_course_reminders():
    """Celery beat, daily at 17:00 Asia/Tokyo: remind tomorrow's participants.

    Safe to run twice: each email's key names the session and the person.
    """
    return services.course_reminders_send()


# --- The talent bank: kept current (issue 15) -----------------------------------------


@shared_task
def talent_refresh_ask():
    """Celery beat, daily: the yearly "still available?" email. Safe to run twice:
    a profile is asked once (``refresh_asked_on``), the email's key names it."""
    return talent_services.talent_refresh_ask()


@shared_task
def talent_dormancy_apply():
    """Celery beat, daily: profiles that did not answer within 30 days rest."""
    return talent_services.talent_dormancy_apply()


@shared_task
def talent_expiry_remind():
    """Celery beat, daily: a reminder 60 days before a qualification expires, once
    per expiry date."""
    return talent_services.talent_expiry_remind()
