"""The business section's programmes pages (issue 17)."""

urlpatterns = []
