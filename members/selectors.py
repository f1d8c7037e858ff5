"""Reads that depend on who asks. Each owns its select_related/prefetch_related."""

from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from wco_sse.core.selectors import get_visible_or_404

from .models import (
    Affiliation,
    LegalForm,
    LegalFormChange,
    Organization,
    Person,
    Role,
    RoleAssignment,
)
from .roles import roles_of


def organization_list():
    """The registry's organizations with what the list shows, in kana order."""
    return Organization.objects.select_related(
        "industry", "municipality__parent"
    ).order_by("sort_key", "name", "pk")


def organization_export_list():
    """The list's organizations with their current representatives (one query more,
    whatever the number of rows)."""
    return organization_list().prefetch_related(representatives_prefetch())


def organization_legal_form_history(*, organization):
    return list(
        LegalFormChange.objects.filter(organization=organization)
        .select_related("recorded_by")
        .order_by(F("since").asc(nulls_first=True), "pk")
    )


def conversion_count():
    """How many organizations have converted to a 労働者協同組合 from another form."""
    converted = LegalFormChange.objects.filter(
        legal_form=LegalForm.WORKERS_COOPERATIVE, since__isnull=False
    )
    earlier_other_form = (
        LegalFormChange.objects.filter(organization=OuterRef("organization"))
        .exclude(legal_form=LegalForm.WORKERS_COOPERATIVE)
        .filter(Q(since__isnull=True) | Q(since__lt=OuterRef("since")))
    )
    return (
        converted.filter(Exists(earlier_other_form))
        .values("organization")
        .distinct()
        .count()
    )


_ORGANIZATION_RELATED = ("industry", "municipality__parent")


def organization_get_for(
    *, user, pk, perm="members.view_organization_page", related=True
):
    """The organization, or 404 when it is missing or ``user`` lacks ``perm`` on it:
    reading its page by default; editing it (``members.edit_organization``),
    managing its people (``members.manage_affiliations``) or keeping the registry
    (``members.change_registry``) for the pages that do so. ``related=False`` for a
    page that may answer from its kept copy: ``organization_with_related`` reads
    its industry and municipality once it is rendered."""
    queryset = Organization.objects.all()
    if related:
        queryset = queryset.select_related(*_ORGANIZATION_RELATED)
    return get_visible_or_404(queryset, user=user, perm=perm, pk=pk)


def organization_with_related(organization):
    """``organization`` again with its industry and municipality (one query)."""
    return Organization.objects.select_related(*_ORGANIZATION_RELATED).get(
        pk=organization.pk
    )


def affiliation_get_for(*, user, pk):
    """An affiliation, or 404 unless ``user`` manages its organization's people."""
    affiliation = get_object_or_404(
        Affiliation.objects.select_related("organization", "person"), pk=pk
    )
    if not user.has_perm("members.manage_affiliations", affiliation.organization):
        raise Http404
    return affiliation


POSITION_RANK = Case(
    *(
        When(position=value, then=Value(index))
        for index, value in enumerate(Affiliation.Position.values)
    ),
    default=Value(99),
)


def current_representatives(day=None):
    """Confirmed representatives holding their place on ``day`` (today), earliest
    first, with their accounts."""
    return (
        Affiliation.objects.current(day)
        .filter(confirmed=True, position=Affiliation.Position.REPRESENTATIVE)
        .filter(person__erased_at__isnull=True)
        .select_related("person__account")
        .order_by("start", "pk")
    )


def representatives_prefetch(lookup="affiliations", *, day=None):
    """Prefetch of the organizations' ``current_representatives`` (through
    ``lookup``, the organizations' affiliations)."""
    return Prefetch(
        lookup, queryset=current_representatives(day), to_attr="current_representatives"
    )


def organization_affiliations(*, organization):
    """Current affiliations: pending requests first, then by position (代表者 first)."""
    return list(
        Affiliation.objects.current()
        .filter(organization=organization, person__erased_at__isnull=True)
        .select_related("person")
        .order_by("confirmed", POSITION_RANK, "person__sort_key", "pk")
    )


def person_list():
    return (
        Person.objects.listed()
        .select_related("account", "municipality__parent")
        .order_by("sort_key", "pk")
    )


def person_get_for(*, user, pk, perm="members.view_person_record"):
    """A person's record, or 404 when it is missing or ``user`` lacks ``perm`` on it
    (reading it by default)."""
    return get_visible_or_404(
        Person.objects.select_related("account"),
        user=user,
        perm=perm,
        pk=pk,
    )


def person_for_user(user):
    if not user.is_authenticated:
        return None
    return Person.objects.filter(account=user).select_related("account").first()


def person_affiliations(*, person):
    return list(
        Affiliation.objects.filter(person=person)
        .select_related("organization")
        .order_by("-confirmed", "organization__sort_key", "pk")
    )


def pending_affiliations_for(*, user):
    """Requests to join the W.Cos ``user`` represents, awaiting their confirmation."""
    org_ids = roles_of(user).represented_org_ids
    if not org_ids:
        return []
    return list(
        Affiliation.objects.current()
        .filter(organization_id__in=org_ids, confirmed=False)
        .select_related("person", "organization")
        .order_by("organization__sort_key", "created_at")
    )


def role_assignment_get_for(*, user, pk):
    """A role assignment, or 404 unless ``user`` manages roles."""
    return get_visible_or_404(
        RoleAssignment.objects.select_related("person"),
        user=user,
        perm="members.manage_roles",
        pk=pk,
    )


def person_role_assignments(*, person, current_only=False):
    queryset = RoleAssignment.objects.filter(person=person)
    if current_only:
        queryset = queryset.current()
    return list(queryset.order_by("-start", "pk"))


def role_assignment_list(*, show="current"):
    queryset = RoleAssignment.objects.select_related("person", "created_by")
    today = timezone.localdate()
    if show == "current":
        queryset = queryset.current(today)
    elif show == "ended":
        queryset = queryset.filter(end__lt=today)
    # Offices in the order of the Role enum (代表理事, 業務執行理事, 理事, 監事, …).
    rank = Case(
        *(
            When(role=value, then=Value(index))
            for index, value in enumerate(Role.values)
        ),
        default=Value(len(Role.values)),
    )
    return queryset.order_by(rank, "scope", "person__family_name_kana", "pk")
