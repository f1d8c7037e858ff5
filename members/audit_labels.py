"""The registry's audit codes in words, for the histories people read."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "organization.create": _("registered the organization"),
    "organization.update": _("changed the organization's record"),
    "organization.import": _("registered or updated the organization from a list"),
    "organization.legal_form": _("recorded a change of legal form"),
    "person.create": _("registered the person"),
    "person.create_for_proxy": _("registered the person for an application"),
    "person.update": _("changed the person's record"),
    "person.import": _("registered or updated the person from a list"),
    "person.signup": _("signed up"),
    "mfa.mailbox_confirmed": _(
        "confirmed their email address to set up a second factor"
    ),
    "mfa.mailbox_locked": _(
        "entered too many wrong codes while setting up a second factor"
    ),
    "affiliation.add": _("added a person to the organization"),
    "affiliation.request": _("asked to be recorded as a member of a W.Co"),
    "affiliation.confirm": _("confirmed an affiliation"),
    "affiliation.end": _("ended an affiliation"),
    "role.assign": _("assigned a role"),
    "role.end": _("ended a role's term"),
    "account.admin_add": _("created the account in the admin"),
    "account.admin_change": _("changed the account in the admin"),
    "account.admin_password": _("set a new password for the account in the admin"),
    "account.admin_delete": _("deleted the account in the admin"),
    "email_address.admin_add": _("added an email address in the admin"),
    "email_address.admin_change": _("changed an email address in the admin"),
    "email_address.admin_delete": _("removed an email address in the admin"),
    "email_address.admin_verify": _("marked an email address verified in the admin"),
    "import.check": _("checked a member list"),
    "import.commit": _("started an import"),
    "import.committed": _("imported a member list"),
    "import.failed": _("an import stopped"),
    "import.discard": _("discarded an import"),
    "import.map_columns": _("chose the fields for a member list's columns"),
    "import.forget_columns": _("chose a member list's columns again"),
    "dues.issue": _("issued the dues"),
    "dues.rate_set": _("set a dues rate"),
    "dues.payment": _("recorded a payment"),
    "dues.payment_cancel": _("cancelled a payment"),
    "dues.override": _("changed the amount"),
    "dues.remind": _("sent a payment reminder"),
}
