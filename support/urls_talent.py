"""The support section's talent pages (issue 15); included by ``support/urls.py``."""

urlpatterns = []
