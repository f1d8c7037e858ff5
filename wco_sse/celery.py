import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wco_sse.settings")

app = Celery("wco_sse")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
