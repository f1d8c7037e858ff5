"""Histories in words: who changed what, from which value to which, never raw event
codes such as ``organization.update`` or ``consultation.record``."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from members import services as member_services
from secretariat.models import AgendaItem
from support import services as support_services
from tests.support.factories import ConsultationFactory, advisor, staff_user
from wco_sse.core.audit import _ACTION_LABELS

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b[a-z_]+(?:\.[a-z_]+)+\b")


def _codes_in(path):
    """The dotted codes on the lines that pass ``action=`` (either of an if/else too)."""
    return {
        code
        for line in path.read_text().splitlines()
        if "action=" in line
        for code in re.findall(r'"([a-z_]+(?:\.[a-z_]+)+)"', line)
    }


def _codes_in_the_source():
    """Every audit code the services write: action="…" next to audit_record."""
    codes = set()
    base = Path(settings.BASE_DIR)
    for folder in ("members", "secretariat", "support", "network", "business"):
        for path in (base / folder).rglob("*.py"):
            if "migrations" in path.parts or "demo" in path.parts:
                continue
            codes |= _codes_in(path)
    for path in (base / "wco_sse" / "core").glob("*.py"):
        codes |= _codes_in(path)
    # Written from a variable: agenda.<transition>, <model>.import.
    codes |= {f"agenda.{name}" for name in AgendaItem.ACTIONS}
    codes |= {"organization.import", "person.import"}
    return codes


def test_every_audit_code_reads_in_words():
    codes = _codes_in_the_source()
    assert "organization.update" in codes and "consultation.record" in codes
    missing = sorted(code for code in codes if code not in _ACTION_LABELS)
    assert not missing, missing


def _history_text(html):
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text)


def test_an_organizations_changes_say_who_changed_what_from_which_value(client, demo):
    organization = demo.ctx.data["home_wco"]
    old_phone = organization.phone or "（空欄）"
    member_services.organization_update(
        actor=demo["staff"],
        organization=organization,
        data={"phone": "045-111-2222"},
        expected_version=organization.version,
    )
    client.force_login(demo["staff"])
    page = client.get(reverse("members:organization_detail", args=[organization.pk]))
    text = _history_text(page.content.decode())
    staff_name = demo["staff"].person.full_name
    assert f"{staff_name}：団体の情報を変更しました" in text
    assert f"電話番号：{old_phone} → 045-111-2222" in text
    assert "organization.update" not in text
    assert f"&lt;{demo['staff'].email}&gt;" not in page.content.decode()


def test_a_consultations_history_reads_in_words(client, demo):
    counsellor = advisor()
    case = ConsultationFactory()
    staff = staff_user()
    support_services.consultation_assign(
        actor=staff, consultation=case, advisor=counsellor
    )
    case.refresh_from_db()
    support_services.consultation_record_add(
        actor=counsellor.account, consultation=case, body="初回の面談"
    )
    client.force_login(staff)
    page = client.get(reverse("support:consultation_detail", args=[case.pk]))
    text = _history_text(page.content.decode())
    assert "担当相談員を決めました" in text
    assert "相談記録を書きました" in text
    assert not CODE.search(text.split("履歴", 1)[-1]), "an event code is shown"


def test_a_courses_state_change_reads_from_which_state_to_which(client):
    from support.services import course_set_status
    from tests.support.factories import CourseFactory

    staff = staff_user()
    course = CourseFactory(draft=True)
    course_set_status(actor=staff, course=course, status="published")
    client.force_login(staff)
    page = client.get(reverse("support:course_manage", args=[course.pk]))
    text = _history_text(page.content.decode())
    assert "講座の状態を変更しました" in text
    assert "状態：下書き → 公開済" in text
    assert "draft" not in text.split("履歴", 1)[-1]
