# ruff: noqa: F403, F405
"""The permission matrix rows of the personal-data retention part (issue 16).

The retention rules and the runs' reports are the secretary-general's and the 監事's
to read; only the secretary-general edits a rule, runs the rules or a dry run."""

from tests.permission_vocabulary import *

RETENTION_READERS = frozenset({"secgen", "auditor"})


def retention_rule(demo, who):
    from members.models import RetentionRule
    from members.personal_data.reference import ensure_loaded

    ensure_loaded()
    return {"pk": RetentionRule.objects.order_by("code").first().pk}


def retention_report(demo, who):
    from members.personal_data.retention import retention_dry_run

    return {"pk": retention_dry_run(scheduled=True).pk}


CASES = (
    Case(
        "members:retention_rules",
        get=allow(RETENTION_READERS),
        post=allow(RETENTION_READERS, NOT_ALLOWED),
    ),
    Case(
        "members:retention_rule_edit",
        kwargs=retention_rule,
        get=reach(SECGEN),
        post=reach(SECGEN, FORM_ERRORS),
    ),
    Case(
        "members:retention_runs",
        get=allow(RETENTION_READERS),
        post=allow(RETENTION_READERS, NOT_ALLOWED),
    ),
    Case(
        "members:retention_run",
        kwargs=retention_report,
        get=reach(RETENTION_READERS),
        post=reach(RETENTION_READERS, NOT_ALLOWED),
    ),
    Case(
        "members:retention_dry_run",
        get=allow(SECGEN, NOT_ALLOWED),
        post=allow(SECGEN, DONE),
    ),
    # An empty POST is the confirmation page; the run needs confirm=yes.
    Case(
        "members:retention_run_now",
        get=allow(SECGEN, NOT_ALLOWED),
        post=allow(SECGEN, PAGE),
    ),
)
