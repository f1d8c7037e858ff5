"""The business section's contracts pages (issue 17)."""

urlpatterns = []
