"""The one permission vocabulary: role predicates every app builds its rules from.

Predicates read the per-request role snapshot (members.roles), so they cost no
queries once the snapshot exists. Object predicates that need another app's models
live in that app's rules.py. Anything not granted here or there is denied.
"""

import rules

from .models import Desk, Role, Section
from .roles import roles_of


def _role_predicate(name, role, scope=None):
    @rules.predicate(name=name)
    def predicate(user):
        return roles_of(user).has(role, scope)

    return predicate


is_secretary_general = _role_predicate("is_secretary_general", Role.SECRETARY_GENERAL)
is_secretariat_staff = _role_predicate("is_secretariat_staff", Role.SECRETARIAT_STAFF)
is_secretariat = is_secretary_general | is_secretariat_staff
is_representative_director = _role_predicate(
    "is_representative_director", Role.REPRESENTATIVE_DIRECTOR
)
is_executive_director = _role_predicate(
    "is_executive_director", Role.EXECUTIVE_DIRECTOR
)


@rules.predicate
def is_director(user):
    """代表理事, 業務執行理事 and 理事 alike."""
    return roles_of(user).is_director


is_auditor = _role_predicate("is_auditor", Role.AUDITOR)
is_board = is_director | is_auditor
is_full_time_officer = _role_predicate("is_full_time_officer", Role.FULL_TIME_OFFICER)
is_council_member = _role_predicate("is_council_member", Role.COUNCIL_MEMBER)
is_section_member = _role_predicate("is_section_member", Role.SECTION_MEMBER)
is_support_section_member = _role_predicate(
    "is_support_section_member", Role.SECTION_MEMBER, Section.SUPPORT
)
is_network_section_member = _role_predicate(
    "is_network_section_member", Role.SECTION_MEMBER, Section.NETWORK
)
is_business_section_member = _role_predicate(
    "is_business_section_member", Role.SECTION_MEMBER, Section.BUSINESS
)
is_school_committee = _role_predicate("is_school_committee", Role.SCHOOL_COMMITTEE)
is_advisor = _role_predicate("is_advisor", Role.ADVISOR)
is_general_advisor = _role_predicate("is_general_advisor", Role.ADVISOR, Desk.GENERAL)
is_finance_advisor = _role_predicate("is_finance_advisor", Role.ADVISOR, Desk.FINANCE)
is_fund_committee = _role_predicate("is_fund_committee", Role.FUND_COMMITTEE)


@rules.predicate
def holds_any_role(user):
    """Holds some office or function today: the people who work in the portal."""
    return roles_of(user).holds_any_role


@rules.predicate
def is_representative(user):
    return roles_of(user).is_representative


@rules.predicate
def is_member(user):
    """A confirmed affiliation with a 正会員/賛助会員 organization, or an individual 賛助会員."""
    return roles_of(user).is_member


@rules.predicate
def has_person(user):
    return roles_of(user).person_id is not None


def represents(user, organization_id):
    """Whether ``user`` represents the organization of that id (no row read)."""
    return (
        organization_id is not None
        and organization_id in roles_of(user).represented_org_ids
    )


@rules.predicate
def is_representative_of(user, organization):
    return organization is not None and represents(user, organization.pk)


@rules.predicate
def is_affiliated_with(user, organization):
    return (
        organization is not None
        and organization.pk in roles_of(user).affiliated_org_ids
    )


@rules.predicate
def is_self(user, person):
    return person is not None and person.pk == roles_of(user).person_id


# --- members' own permissions ---------------------------------------------------------------
# Names never collide with Django's model permissions (add_/change_/delete_/view_<model>),
# which only the admin site uses; members.backends keeps the two apart.
# The registry is read by everyone who works in the portal; the secretariat keeps it.
rules.add_perm("members.view_registry", holds_any_role)
rules.add_perm("members.change_registry", is_secretariat)
rules.add_perm(
    "members.view_organization_page",
    holds_any_role | is_representative_of | is_affiliated_with,
)
rules.add_perm("members.edit_organization", is_secretariat | is_representative_of)
# People's contact details are personal data (APPI): the secretariat keeps them, each
# person sees their own. Sections reach people through the records of their own work.
rules.add_perm("members.view_people", is_secretariat)
# The まちづくり会議's picker: the network section finds people of 生活クラブ and of the
# W.Cos (name and organizations only) to seat them on the council it runs.
rules.add_perm(
    "members.pick_council_people", is_secretariat | is_network_section_member
)
# A member of any section runs its bodies (secretariat.run_body): they find the people
# to seat by name in the person picker (names and organizations, never the record).
rules.add_perm("members.pick_body_people", is_secretariat | is_section_member)
rules.add_perm("members.view_person_record", is_secretariat | is_self)
# The secretariat keeps every record; each person corrects their own on "my page".
rules.add_perm("members.edit_person_record", is_secretariat | is_self)
rules.add_perm("members.view_mypage", rules.is_authenticated & has_person)
rules.add_perm("members.view_role_assignments", is_secretariat)
rules.add_perm("members.manage_roles", is_secretary_general)
rules.add_perm("members.reset_second_factor", is_secretary_general)
rules.add_perm("members.nobody", rules.always_deny)
rules.add_perm("members.manage_affiliations", is_secretariat | is_representative_of)
rules.add_perm("members.request_affiliation", rules.is_authenticated & has_person)
# ... and asks only for themself.
rules.add_perm("members.request_affiliation_for", rules.is_authenticated & is_self)
# Exports of the registry carry personal data: the secretariat's, and logged.
rules.add_perm("members.export_registry", is_secretariat)
# Who changed what in the registry: visible to the secretariat on the record.
rules.add_perm("members.view_registry_history", is_secretariat)


# --- Dues (会費) and printed lists --------------------------------------------------------------
# The secretariat keeps the dues. The 監事 reads them (DESIGN: auditors are read-only on
# governance and money). A W.Co's representative sees their W.Co's dues and its
# invoices and receipts; an individual supporting member sees their own. Nobody else:
# directors see no member's arrears, and a W.Co's own members leave its money to the
# representative.
@rules.predicate
def represents_dues_payer(user, dues):
    return (
        dues is not None
        and dues.organization_id is not None
        and dues.organization_id in roles_of(user).represented_org_ids
    )


@rules.predicate
def is_dues_payer(user, dues):
    return (
        dues is not None
        and dues.person_id is not None
        and dues.person_id == roles_of(user).person_id
    )


rules.add_perm("members.manage_dues", is_secretariat)
rules.add_perm("members.view_dues_list", is_secretariat | is_auditor)
rules.add_perm(
    "members.view_dues",
    is_secretariat | is_auditor | represents_dues_payer | is_dues_payer,
)
rules.add_perm(
    "members.view_organization_dues", is_secretariat | is_auditor | is_representative_of
)
# Printed rosters and labels carry names and addresses: the secretariat's, and logged.
rules.add_perm("members.print_registry", is_secretariat)
# Importing a member list writes many registry records at once: the secretariat's.
rules.add_perm("members.import_registry", is_secretariat)


# --- Personal data (開示・訂正・削除, issue 16) -------------------------------------------------
# Anyone with an account asks about their own data from my page and follows it. The
# secretariat staff keep the correction queue and record requests for people who
# phone or write; the secretary-general runs exports, erasures and the retention
# rules. The 監事 read the erasure journal and the retention runs' reports.
@rules.predicate
def is_request_subject(user, request):
    return (
        request is not None
        and request.person_id is not None
        and request.person_id == roles_of(user).person_id
    )


@rules.predicate
def is_correction(user, request):
    return request is not None and request.kind == "correction"


@rules.predicate
def is_export(user, request):
    return request is not None and request.kind == "export"


@rules.predicate
def is_erasure(user, request):
    return request is not None and request.kind == "erasure"


@rules.predicate
def is_open_request(user, request):
    return request is not None and request.state in ("received", "in_progress")


rules.add_perm("members.request_own_privacy", has_person)
rules.add_perm("members.list_privacy_requests", is_secretariat)
rules.add_perm("members.record_privacy_request", is_secretariat)
rules.add_perm("members.view_privacy_request", is_secretariat | is_request_subject)
rules.add_perm("members.withdraw_privacy_request", is_request_subject & is_open_request)
rules.add_perm(
    "members.handle_privacy_correction",
    is_secretariat & is_correction & is_open_request,
)
rules.add_perm("members.run_privacy_export", is_secretary_general & is_export)
rules.add_perm("members.download_privacy_export", is_secretary_general & is_export)
rules.add_perm("members.erase_person", is_secretary_general & is_erasure)
# Declining an export or an erasure is the secretary-general's; a correction's, the
# secretariat's (who answer it).
rules.add_perm(
    "members.refuse_privacy_request",
    is_open_request
    & (
        (is_secretary_general & (is_export | is_erasure))
        | (is_secretariat & is_correction)
    ),
)
rules.add_perm("members.view_privacy_journal", is_secretary_general | is_auditor)
rules.add_perm("members.view_retention", is_secretary_general | is_auditor)
rules.add_perm("members.manage_retention", is_secretary_general)
