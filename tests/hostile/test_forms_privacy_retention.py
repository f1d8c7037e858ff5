"""Hostile input to the retention rule's form (see ``forms_helpers``): huge and
full-width years, text in the number, direction controls in the reason. Saved or
refused with a message, never a server error; a refusal changes nothing."""

import pytest

from members.models import RetentionRule
from tests.hostile.forms_helpers import FormCase, row_of, run_case


def a_rule(demo):
    rule, _created = RetentionRule.objects.get_or_create(
        code="support.consultation_records",
        defaults={"years": 5, "reason": "相談の終了から5年（要確認）"},
    )
    return {"kwargs": {"pk": rule.pk}}


def rule_row(made):
    return row_of(RetentionRule, made["kwargs"]["pk"])


CASES = (
    FormCase(
        "retention_rule_edit",
        "members:retention_rule_edit",
        "secgen",
        setup=a_rule,
        values={
            "years": "６",
            "reason": "理事会の決定（2026年12月）",
            "confirmed": "on",
        },
        tables=(RetentionRule,),
        snapshot=rule_row,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_retention_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile input is saved or refused with a
    message shown, never a server error, and a refusal changes nothing."""
    run_case(client, demo, case)
