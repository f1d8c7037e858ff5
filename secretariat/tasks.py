from celery import shared_task

from . import services


@shared_task
def activity_report_reminders():
    """Daily: remind representative and executive directors whose report is due."""
    return services.activity_report_reminders_send()


@shared_task
def written_resolutions_expire():
    """Lapse resolutions without a meeting whose deadline passed."""
    return services.written_resolutions_expire()


@shared_task
def action_item_reminders():
    """Daily: remind owners of open action items due in three days (once each)."""
    return services.action_item_reminders_send()
