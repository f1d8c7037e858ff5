"""The personal-data pages: requests (issue 16)."""

urlpatterns = []
