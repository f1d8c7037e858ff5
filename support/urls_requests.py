"""The support section's requests pages (issue 15); included by ``support/urls.py``."""

urlpatterns = []
