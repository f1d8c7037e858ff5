"""The platform's tasks, where Celery's worker looks for them."""

from .emails import send_email

__all__ = ["send_email"]
