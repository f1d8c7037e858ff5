"""The platform's tasks, where Celery's worker looks for them."""

from .emails import expire_email_secrets, send_email
from .printjobs import build_print_job, purge_print_jobs

__all__ = [
    "build_print_job",
    "expire_email_secrets",
    "purge_print_jobs",
    "send_email",
]
