"""The personal-data pages: retention (issue 16)."""

urlpatterns = []
