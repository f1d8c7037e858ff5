"""The personal-data pages: retention (issue 16)."""

from django.urls import path

from .views import privacy_retention as views

urlpatterns = [
    path(
        "privacy/retention/",
        views.RetentionRulesView.as_view(),
        name="retention_rules",
    ),
    path(
        "privacy/retention/<int:pk>/edit/",
        views.RetentionRuleEditView.as_view(),
        name="retention_rule_edit",
    ),
    path(
        "privacy/retention/runs/",
        views.RetentionRunsView.as_view(),
        name="retention_runs",
    ),
    path(
        "privacy/retention/runs/<int:pk>/",
        views.RetentionRunView.as_view(),
        name="retention_run",
    ),
    path(
        "privacy/retention/dry-run/",
        views.RetentionDryRunView.as_view(),
        name="retention_dry_run",
    ),
    path(
        "privacy/retention/run/",
        views.RetentionRunNowView.as_view(),
        name="retention_run_now",
    ),
]
