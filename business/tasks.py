"""The business section's Celery tasks, one module per part; imported here so that
Celery's autodiscovery (which looks for ``<app>.tasks``) registers them all."""

from .tasks_contracts import training_report_reminders
from .tasks_reports import report_due_reminders
from .tasks_sites import session_reminders

__all__ = [
    "report_due_reminders",
    "session_reminders",
    "training_report_reminders",
]
