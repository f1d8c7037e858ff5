"""The business section's reports pages (issue 17)."""

urlpatterns = []
