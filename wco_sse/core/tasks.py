"""The platform's tasks, where Celery's worker looks for them."""

from .emails import send_email
from .printjobs import build_print_job, purge_print_jobs

__all__ = ["build_print_job", "purge_print_jobs", "send_email"]
