from celery import shared_task

from . import services


@shared_task
def send_course_reminders():
    """Celery beat, daily at 17:00 Asia/Tokyo: remind tomorrow's participants.

    Safe to run twice: each email's key names the session and the person.
    """
    return services.course_reminders_send()
