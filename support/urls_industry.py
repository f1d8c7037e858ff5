"""The support section's industry pages (issue 15); included by ``support/urls.py``."""

urlpatterns = []
