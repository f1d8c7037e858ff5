"""The support section's permissions: the W.Co School, the consultation desk, industry
meetings, projects and the talent bank.

Object predicates read the role snapshot and the object's own fields (foreign key
ids), so checking a list of rows costs no queries.
"""

import rules
from django.db.models import Q

from members.roles import roles_of
from members.rules import (
    has_person,
    is_advisor,
    is_board,
    is_council_member,
    is_member,
    is_representative,
    is_school_committee,
    is_secretariat,
    is_secretary_general,
    is_section_member,
    is_self,
    is_support_section_member,
    represents,
)
from secretariat.models import BodyMember

is_course_staff = is_secretariat | is_school_committee


@rules.predicate
def can_see_course(user, course):
    """Published courses: public ones to everyone, members-only ones to members.
    Drafts, and everything else, to those who run the school."""
    if course is None:
        return False
    if course.status == course.Status.DRAFT:
        return is_course_staff(user)
    if course.audience == course.Audience.MEMBERS:
        return roles_of(user).is_member or is_course_staff(user)
    return True


@rules.predicate
def is_application_owner(user, application):
    return (
        application is not None
        and application.person_id is not None
        and application.person_id == roles_of(user).person_id
    )


@rules.predicate
def is_applying_representative(user, application):
    """The representative of the W.Co an application was made through."""
    return application is not None and represents(user, application.organization_id)


@rules.predicate
def is_requester(user, consultation):
    return (
        consultation is not None
        and consultation.requester_id == roles_of(user).person_id
    )


@rules.predicate
def is_assigned_advisor(user, consultation):
    """The advisor the case is assigned to now (a reassigned case leaves the former
    advisor's reach), who must still hold the advisor role."""
    person_id = roles_of(user).person_id
    return (
        consultation is not None
        and person_id is not None
        and consultation.advisor_id == person_id
        and is_advisor(user)
    )


@rules.predicate
def is_open_case(user, consultation):
    return consultation is not None and not consultation.is_closed


@rules.predicate
def is_slot_owner(user, slot):
    """The advisor who published the slot."""
    return slot is not None and slot.advisor_id == roles_of(user).person_id


@rules.predicate
def is_organization_representative(user, organization):
    return organization is not None and organization.pk in (
        roles_of(user).represented_org_ids
    )


# --- W.Co School --------------------------------------------------------------------
rules.add_perm("support.view_course", can_see_course)
rules.add_perm("support.manage_courses", is_course_staff)
rules.add_perm("support.apply_self", has_person)
rules.add_perm("support.apply_for_people", is_representative)
rules.add_perm("support.apply_by_proxy", is_course_staff)
# Who an application is for, checked by the service: oneself (the object: a person),
# or the people of a W.Co one represents (the object: the organization).
rules.add_perm("support.apply_for_oneself", is_self)
rules.add_perm("support.apply_for_organization", is_organization_representative)
rules.add_perm(
    "support.view_application",
    is_application_owner | is_applying_representative | is_course_staff,
)
rules.add_perm(
    "support.cancel_application",
    is_application_owner | is_applying_representative | is_course_staff,
)
rules.add_perm("support.promote_application", is_course_staff)
rules.add_perm("support.view_certificate", is_application_owner | is_course_staff)
rules.add_perm("support.view_school_stats", is_course_staff)
rules.add_perm(
    "support.view_organization_courses",
    is_organization_representative | is_course_staff,
)

# --- Consultation desk ---------------------------------------------------------------
rules.add_perm("support.request_consultation", has_person)
rules.add_perm("support.intake_consultation", is_secretariat)
rules.add_perm("support.view_consultation_queue", is_secretariat)
rules.add_perm(
    "support.view_consultation",
    is_requester | is_assigned_advisor | is_secretariat,
)
# 相談記録（非公開）: the assigned advisor and the secretary-general, nobody else
# (DESIGN: no account, superuser included, reads them outside these rules).
rules.add_perm(
    "support.read_consultation_records", is_assigned_advisor | is_secretary_general
)
rules.add_perm("support.write_consultation_record", is_assigned_advisor & is_open_case)
rules.add_perm("support.assign_consultation", is_secretariat & is_open_case)
rules.add_perm(
    "support.book_appointment", (is_requester | is_secretariat) & is_open_case
)
# Whoever is shown the appointment's calendar link may withdraw it for a new one.
rules.add_perm(
    "support.renew_appointment_link",
    is_requester | is_assigned_advisor | is_secretariat,
)
rules.add_perm("support.refer_consultation", is_assigned_advisor & is_open_case)
rules.add_perm(
    "support.close_consultation",
    (is_assigned_advisor | is_secretariat) & is_open_case,
)
rules.add_perm("support.publish_slots", is_advisor)
rules.add_perm("support.withdraw_slot", is_advisor & is_slot_owner)
rules.add_perm("support.view_assigned_cases", is_advisor)
rules.add_perm("support.view_consultation_stats", is_secretariat)
rules.add_perm("support.export_disclosure", is_secretary_general)

# is_member is part of the vocabulary the templates use to explain members-only courses.
rules.add_perm("support.is_member", is_member)


# --- Industry meetings, projects, the talent bank (issue 15) -------------------------------
# Coordinators of the support section's work: its members and the secretariat.
is_support_coordinator = is_secretariat | is_support_section_member
# Those who read projects and the talent bank's figures without running them.
is_support_reader = is_board | is_council_member


@rules.predicate
def sits_or_represents_in_industry(user, industry_meeting):
    """A W.Co's delegate on the industry meeting, or the representative of a W.Co
    holding a current seat (one query)."""
    if industry_meeting is None:
        return False
    snapshot = roles_of(user)
    seats = BodyMember.objects.current().filter(body_id=industry_meeting.body_id)
    who = Q(person_id=snapshot.person_id) if snapshot.person_id else Q(pk__in=[])
    if snapshot.represented_org_ids:
        who |= Q(organization_id__in=snapshot.represented_org_ids)
    return seats.filter(who).exists()


@rules.predicate
def issue_industry_reader(user, issue):
    return issue is not None and (
        is_support_coordinator(user)
        or sits_or_represents_in_industry(user, issue.industry_meeting)
    )


@rules.predicate
def is_issue_raiser_representative(user, issue):
    return (
        issue is not None and issue.raised_by_id in roles_of(user).represented_org_ids
    )


@rules.predicate
def is_project_lead(user, project):
    return (
        project is not None
        and project.lead_id is not None
        and project.lead_id == roles_of(user).person_id
    )


@rules.predicate
def is_profile_owner(user, profile):
    return (
        profile is not None
        and profile.person_id is not None
        and profile.person_id == roles_of(user).person_id
    )


@rules.predicate
def owns_held_qualification(user, held):
    return held is not None and is_profile_owner(user, held.profile)


@rules.predicate
def is_request_side(user, request):
    """Who asked: the person who made the request, or a representative of the W.Co
    it is for."""
    if request is None:
        return False
    snapshot = roles_of(user)
    return request.requested_by_id == snapshot.person_id or (
        request.organization_id is not None
        and request.organization_id in snapshot.represented_org_ids
    )


@rules.predicate
def is_proposal_request_side(user, proposal):
    return proposal is not None and is_request_side(user, proposal.request)


@rules.predicate
def proposal_is_shared(user, proposal):
    """The candidate agreed: the requester may see the profile from now on."""
    return proposal is not None and proposal.is_shared


@rules.predicate
def is_proposed_candidate(user, proposal):
    return proposal is not None and is_profile_owner(user, proposal.profile)


@rules.predicate
def profile_open_to_coordinators(user, profile):
    """Coordinators see a profile that is not withdrawn (its person's consent)."""
    return profile is not None and profile.state != profile.State.WITHDRAWN


# Industry meetings: the section and the secretariat run them (secretariat.run_body
# on the body); delegates and their W.Cos' representatives read their industry's.
rules.add_perm("support.view_industry_meetings", is_support_coordinator)
rules.add_perm(
    "support.view_industry_meeting",
    is_support_coordinator | sits_or_represents_in_industry,
)
rules.add_perm("support.manage_industry_meetings", is_support_coordinator)
rules.add_perm("support.run_industry_meeting", is_support_coordinator)
rules.add_perm(
    "support.raise_issue", is_support_coordinator | sits_or_represents_in_industry
)
rules.add_perm("support.view_issue", issue_industry_reader)
rules.add_perm("support.move_issue", is_support_coordinator)
rules.add_perm(
    "support.edit_issue", is_support_coordinator | is_issue_raiser_representative
)
rules.add_perm("support.export_industry_rosters", is_support_coordinator)
# The W.Co page's industry-meetings panel: its representative and the coordinators.
rules.add_perm(
    "support.view_organization_industry_meetings",
    is_organization_representative | is_support_coordinator,
)
rules.add_perm(
    "support.view_school_committee",
    is_support_coordinator | is_school_committee | is_board,
)

# Projects: the section and the secretariat run them, the lead keeps theirs; the
# board, the auditors and the operations council read them.
rules.add_perm("support.view_projects", is_support_coordinator | is_support_reader)
rules.add_perm(
    "support.view_project", is_support_coordinator | is_support_reader | is_project_lead
)
rules.add_perm("support.create_project", is_support_coordinator)
rules.add_perm("support.manage_project", is_support_coordinator | is_project_lead)
rules.add_perm("support.export_projects", is_support_coordinator | is_support_reader)

# The talent bank. A person keeps their own profile; the secretariat enters one for
# someone who phones (consent recorded) and verifies qualifications; coordinators
# (the section and the secretariat) read profiles and propose candidates; a requester
# sees a candidate's profile only once the candidate agreed.
rules.add_perm("support.keep_own_talent_profile", has_person)
rules.add_perm("support.enter_talent_profile", is_secretariat)
rules.add_perm("support.view_talent_profiles", is_support_coordinator)
rules.add_perm(
    "support.view_talent_profile",
    is_profile_owner | (is_support_coordinator & profile_open_to_coordinators),
)
rules.add_perm("support.edit_talent_profile", is_profile_owner | is_secretariat)
rules.add_perm("support.manage_qualification_list", is_secretariat)
rules.add_perm(
    "support.edit_held_qualification", owns_held_qualification | is_secretariat
)
rules.add_perm(
    "support.view_qualification_evidence", owns_held_qualification | is_secretariat
)
rules.add_perm("support.verify_qualification", is_secretariat)
rules.add_perm(
    "support.request_talent",
    is_representative | is_support_section_member | is_secretariat,
)
# For a W.Co (the object: the organization): its representative, or the secretariat.
rules.add_perm(
    "support.request_talent_for_organization",
    is_organization_representative | is_secretariat,
)
# For the organization's own work (no W.Co): a section member or the secretariat.
rules.add_perm(
    "support.request_talent_for_own_work", is_section_member | is_secretariat
)
rules.add_perm("support.view_talent_requests", rules.is_authenticated & has_person)
rules.add_perm("support.view_talent_request", is_request_side | is_support_coordinator)
rules.add_perm("support.edit_talent_request", is_request_side | is_support_coordinator)
rules.add_perm("support.coordinate_talent", is_support_coordinator)
rules.add_perm(
    "support.view_proposal",
    is_support_coordinator | is_proposed_candidate | is_proposal_request_side,
)
rules.add_perm("support.answer_proposal", is_proposed_candidate)
rules.add_perm(
    "support.view_proposal_profile",
    is_support_coordinator | (is_proposal_request_side & proposal_is_shared),
)
rules.add_perm(
    "support.record_proposal_outcome",
    is_support_coordinator | (is_proposal_request_side & proposal_is_shared),
)
rules.add_perm("support.view_talent_aggregates", rules.is_authenticated)
rules.add_perm(
    "support.export_talent_aggregates", is_support_coordinator | is_support_reader
)
