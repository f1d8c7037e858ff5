"""Two people marking the same checklist step done at once (PostgreSQL): the
initiative's row lock makes the second wait and find it done; one record stays."""

import pytest

from network import services_checklists as services
from network.models import ChecklistTemplate, InitiativeStepDone
from tests.network.initiative_helpers import initiative
from tests.secretariat.test_concurrency import race
from wco_sse.core.models import AuditEntry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def a_step(demo):
    # A transactional test empties the tables the seed migration filled.
    template = ChecklistTemplate.objects.filter(form="workers_coop").first()
    if template is None:
        template = services.checklist_create(
            actor=demo["staff"], data={"form": "workers_coop", "name": "労協"}
        )
    return services.step_add(
        actor=demo["staff"], template=template, data={"title": "定款案", "order": 1}
    )


@pytest.mark.parametrize("repeat", range(3))
def test_two_marks_at_once_leave_one_record(demo, repeat):
    step = a_step(demo)
    made = initiative(demo, form="workers_coop")
    outcomes = race(
        [
            lambda who=who: services.initiative_step_done(
                actor=demo[who], initiative=made, step=step
            )
            for who in ("network", "staff")
        ]
    )
    assert outcomes == ["ok", "ok"]
    assert InitiativeStepDone.objects.filter(initiative=made, step=step).count() == 1
    assert AuditEntry.objects.filter(action="initiative.step_done").count() == 1
