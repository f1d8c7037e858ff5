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
