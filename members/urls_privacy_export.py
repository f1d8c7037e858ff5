"""The personal-data pages: export (issue 16)."""

urlpatterns = []
