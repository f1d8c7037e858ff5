"""The business section's sites pages (issue 17)."""

urlpatterns = []
