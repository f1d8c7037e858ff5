"""ID guessing on the support section's projects records (issue 15). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED, OWNER_SIDE)
and runs its stranger test on them; the crossed ids are checked here."""

import pytest
from django.urls import reverse

from support.models import Milestone

# Those with no business with a project: no section of theirs runs it, no office of
# theirs reads it, and they don't lead it.
STRANGERS = ("network", "business", "school", "advisor", "fund", "rep", "stranger")


def _pk(made, record_id):
    return {"pk": record_id}


def _milestone(made, record_id):
    return {"pk": made["project"], "milestone_pk": record_id}


def led_project(demo):
    """A project the demo's member leads."""
    from tests.support.projects.helpers import project

    return {"id": project(demo, lead="member").pk}


def led_projects_milestone(demo):
    from tests.support.projects.helpers import milestone, project

    made = project(demo, lead="member")
    return {"id": milestone(made).pk, "project": made.pk}


def owned():
    from tests.hostile.test_object_access import Owned

    return (
        Owned(
            "project",
            led_project,
            {
                "support:project_detail": _pk,
                "support:project_edit": _pk,
                "support:project_move": _pk,
                "support:project_team_create": _pk,
                "support:project_draft_item": _pk,
                "support:project_file_upload": _pk,
                "support:project_report_pdf": _pk,
                "support:milestone_create": _pk,
            },
            STRANGERS,
        ),
        Owned(
            "project milestone",
            led_projects_milestone,
            {
                "support:milestone_edit": _milestone,
                "support:milestone_mark": _milestone,
                "support:milestone_delete": _milestone,
            },
            STRANGERS,
        ),
    )


OWNER_SIDE = {"project": "member", "project milestone": "member"}

NOT_OWNED = {}


@pytest.mark.django_db
def test_a_milestone_is_not_reached_through_another_project(client, demo):
    """The lead of one project finds no milestone of another through their own
    project's id, and the milestone stays as it was."""
    from tests.support.projects.helpers import milestone, project

    mine = project(demo, lead="member")
    theirs = milestone(project(demo, lead="support"))
    client.force_login(demo["member"])
    kwargs = {"pk": mine.pk, "milestone_pk": theirs.pk}
    assert (
        client.get(reverse("support:milestone_edit", kwargs=kwargs)).status_code == 404
    )
    for name in ("support:milestone_mark", "support:milestone_delete"):
        answer = client.post(reverse(name, kwargs=kwargs), {"done": "1"})
        assert answer.status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_on is None
    assert Milestone.objects.filter(pk=theirs.pk).exists()
