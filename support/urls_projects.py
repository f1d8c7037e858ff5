"""The support section's projects pages (issue 15); included by ``support/urls.py``."""

urlpatterns = []
