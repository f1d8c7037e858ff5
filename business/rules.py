"""The business section's permissions: programmes, contracts and money, period
reports, sites and their sessions.

The section and the secretariat run everything; the board (監事 included) and the
常勤役員 read everything, contracts and money included; the operations council reads
programmes. A site's recorders enter that site's sessions and read its charts; a
W.Co's representative reads the programmes and sites their W.Co takes part in, never
others' budgets. The public directory of consenting sites is open to anyone.
"""

import rules
from django.utils import timezone

from members.roles import roles_of
from members.rules import (
    is_board,
    is_business_section_member,
    is_council_member,
    is_full_time_officer,
    is_representative_of,
    is_secretariat,
)

# Run everything the section does.
is_business_runner = is_secretariat | is_business_section_member
# Read everything, contracts and money included.
is_business_reader = is_business_runner | is_board | is_full_time_officer


def recorded_site_ids(user):
    """The sites the user is today a named recorder of (one query per request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_business_recorded_site_ids", None)
    if cached is None:
        person_id = roles_of(user).person_id
        if person_id is None:
            cached = frozenset()
        else:
            from django.db.models import Q

            from .models import SiteRecorder

            today = timezone.localdate()
            cached = frozenset(
                SiteRecorder.objects.filter(person_id=person_id, start__lte=today)
                .filter(Q(end__isnull=True) | Q(end__gte=today))
                .values_list("site_id", flat=True)
            )
        user._business_recorded_site_ids = cached
    return cached


@rules.predicate
def is_site_recorder(user, site):
    """A person the section named to record this site's sessions, today."""
    return site is not None and site.pk in recorded_site_ids(user)


@rules.predicate
def is_any_site_recorder(user):
    return bool(recorded_site_ids(user))


@rules.predicate
def represents_site_operator(user, site):
    return (
        site is not None
        and site.operator_id is not None
        and site.operator_id in roles_of(user).represented_org_ids
    )


@rules.predicate
def represents_programme_partner(user, programme):
    """The representative of a W.Co taking part in the programme: a partner, or the
    operator of one of its sites."""
    if programme is None:
        return False
    represented = roles_of(user).represented_org_ids
    if not represented:
        return False
    from .models import Partner, Site

    return (
        Partner.objects.filter(
            programme=programme, organization_id__in=represented
        ).exists()
        or Site.objects.filter(
            programme=programme, operator_id__in=represented
        ).exists()
    )


rules.add_perm(
    "business.view_index",
    is_business_reader | is_council_member,
)

# --- programmes
rules.add_perm("business.view_programme_list", is_business_reader | is_council_member)
rules.add_perm(
    "business.view_programme",
    is_business_reader | is_council_member | represents_programme_partner,
)
rules.add_perm("business.manage_programme", is_business_runner)
rules.add_perm("business.manage_kinds", is_business_runner)

# --- indicator sets
rules.add_perm("business.view_indicators", is_business_reader)
rules.add_perm("business.manage_indicators", is_business_runner)

# --- contracts and money
rules.add_perm("business.view_contract", is_business_reader)
rules.add_perm("business.manage_contract", is_business_runner)

# --- period reports
rules.add_perm("business.view_report", is_business_reader)
rules.add_perm("business.manage_report", is_business_runner)

# --- sites and sessions
rules.add_perm("business.view_site_list", is_business_reader | is_any_site_recorder)
rules.add_perm(
    "business.view_site",
    is_business_reader | is_site_recorder | represents_site_operator,
)
rules.add_perm("business.manage_site", is_business_runner)
rules.add_perm("business.record_session", is_business_runner | is_site_recorder)
# The types a session is recorded as (食堂, パントリー …): kept like the programme kinds.
rules.add_perm("business.manage_session_types", is_business_runner)
rules.add_perm("business.view_directory", rules.always_allow)

# --- programmes part (issue 17): the W.Co page's panel of programmes, contracts and
# sites, for the W.Co's representative and the business readers.
rules.add_perm(
    "business.view_organization_programmes",
    is_business_reader | is_representative_of,
)


# --- sites part (issue 17): the files on a site's funding conditions (the 保健所
# notification) follow the site: those who see the site read them, the section keeps them.
def _condition_site(condition):
    return getattr(condition, "site", None)


@rules.predicate
def may_view_condition_site(user, condition):
    site = _condition_site(condition)
    return site is not None and user.has_perm("business.view_site", site)


@rules.predicate
def may_manage_condition_site(user, condition):
    site = _condition_site(condition)
    return site is not None and user.has_perm("business.manage_site", site)


rules.add_perm("business.view_condition", may_view_condition_site)
rules.add_perm("business.manage_condition", may_manage_condition_site)
