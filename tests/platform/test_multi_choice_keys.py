"""A multi-choice field of records refuses, at the field, a key no database integer
can hold: SQLite raised OverflowError on it (a 500 on the form's page)."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from members.models import Organization
from members.pickers import OrganizationsPickerField, PeoplePickerField
from tests.factories import OrganizationFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ("members", "support", "network", "business", "secretariat", "wco_sse")


@pytest.mark.django_db
@pytest.mark.parametrize("field_class", [PeoplePickerField, OrganizationsPickerField])
@pytest.mark.parametrize(
    "keys",
    [
        ["9223372036854775808"],
        ["1", "9" * 61],
        ["-9223372036854775809"],
    ],
)
def test_a_key_out_of_the_integer_range_is_refused_at_the_field(field_class, keys):
    with pytest.raises(ValidationError) as refused:
        field_class().clean(keys)
    assert refused.value.code == "invalid_pk_value"


@pytest.mark.django_db
def test_keys_in_range_still_choose_their_records():
    organization = OrganizationFactory()
    chosen = OrganizationsPickerField(queryset=Organization.objects.all()).clean(
        [str(organization.pk)]
    )
    assert list(chosen) == [organization]


def test_every_multi_choice_field_of_records_is_the_portals():
    """Django's own field would let such a key through to the query again."""
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr == "ModelMultipleChoiceField"
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "forms"
                    and path != ROOT / "wco_sse" / "core" / "forms.py"
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
