"""An email address the form's validator accepts but its column (254 characters)
cannot hold is refused at its field, not by the database as a server error (found
by the hostile suite on the fund application's accounting contact)."""

import pytest
from django.core.exceptions import ValidationError

from members.forms.people import AffiliationAddForm
from network.fund.forms_rounds import ApplicationForm
from support.forms import PersonOrNewPersonForm

# A well-formed address of 262 characters.
LONG = "x" * 250 + "@example.org"


@pytest.mark.parametrize(
    ("form_class", "name"),
    [
        (ApplicationForm, "org_email"),
        (ApplicationForm, "contact_email"),
        (ApplicationForm, "accounting_email"),
        (PersonOrNewPersonForm, "email"),
        (AffiliationAddForm, "email"),
    ],
)
def test_an_address_longer_than_its_column_is_refused_at_its_field(form_class, name):
    field = form_class.base_fields[name]
    with pytest.raises(ValidationError):
        field.clean(LONG)
    assert field.clean("hanako@example.org") == "hanako@example.org"
