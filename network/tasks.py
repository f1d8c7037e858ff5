from celery import shared_task

from . import services


@shared_task
def send_overdue_follow_up_reminders():
    """Celery beat, Mondays at 8:00 Asia/Tokyo: each owner's overdue follow-ups.

    Safe to run twice: each email's key names the owner and the week.
    """
    return services.follow_up_reminders_send()


@shared_task
def fund_report_reminders():
    """Celery beat, daily at 8:00 Asia/Tokyo: the fund's awardees whose final report
    is due within 14 days, once per award (safe to run twice)."""
    from .fund import services_awards

    return services_awards.report_reminders_send()


@shared_task
def fund_trial_balance():
    """Celery beat, daily at 02:00 Asia/Tokyo: the fund's trial balance; on any
    difference the secretary-general is emailed, once a day (the email's key names the
    day). Nothing is sent while the books balance."""
    from .fund import services_money

    result = services_money.trial_balance_check()
    return {"balanced": result["balanced"], "sent": result["sent"]}
