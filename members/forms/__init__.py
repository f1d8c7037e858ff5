"""The registry's forms, by subject; re-exported here (allauth names
``members.forms.CitizenSignupForm``)."""

from .accounts import (
    CitizenSignupForm,
    MailboxCodeForm,
    RoleAssignForm,
    RoleEndForm,
    SecondFactorResetForm,
)
from .addresses import AddressForm
from .common import CrispyMixin, DateInput
from .organizations import (
    LegalFormChangeForm,
    OrganizationForm,
    OrganizationProfileForm,
)
from .people import AffiliationAddForm, AffiliationRequestForm, PersonForm
from .prints import LabelForm, PrintOptionsForm

__all__ = [
    "AddressForm",
    "AffiliationAddForm",
    "AffiliationRequestForm",
    "CitizenSignupForm",
    "CrispyMixin",
    "DateInput",
    "LabelForm",
    "LegalFormChangeForm",
    "MailboxCodeForm",
    "OrganizationForm",
    "OrganizationProfileForm",
    "PersonForm",
    "PrintOptionsForm",
    "RoleAssignForm",
    "RoleEndForm",
    "SecondFactorResetForm",
]
