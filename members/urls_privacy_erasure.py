"""The personal-data pages: erasure (issue 16)."""

urlpatterns = []
