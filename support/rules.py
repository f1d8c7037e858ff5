"""The support section's permissions: the W.Co School and the consultation desk.

Object predicates read the role snapshot and the object's own fields (foreign key
ids), so checking a list of rows costs no queries.
"""

import rules

from members.roles import roles_of
from members.rules import (
    has_person,
    is_advisor,
    is_member,
    is_representative,
    is_school_committee,
    is_secretariat,
    is_secretary_general,
    is_self,
)

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
    return (
        application is not None
        and application.organization_id is not None
        and application.organization_id in roles_of(user).represented_org_ids
    )


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
