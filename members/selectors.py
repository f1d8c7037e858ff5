"""Reads that depend on who asks. Each owns its select_related/prefetch_related."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Affiliation, Organization, Person, Role, RoleAssignment, StoredFile


def get_visible_or_404(queryset, *, user, perm, **lookup):
    """The object, or 404 when it is missing or ``user`` lacks ``perm`` on it."""
    obj = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm, obj):
        raise Http404
    return obj


def organization_list(*, search=""):
    queryset = Organization.objects.all()
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(name_kana__icontains=search)
        )
    return queryset


def organization_get_for(*, user, pk):
    return get_visible_or_404(
        Organization.objects.all(),
        user=user,
        perm="members.view_organization_page",
        pk=pk,
    )


def organization_affiliations(*, organization):
    return list(
        Affiliation.objects.current()
        .filter(organization=organization)
        .select_related("person")
        .order_by("-confirmed", "position", "person__family_name_kana", "pk")
    )


def person_list(*, search=""):
    queryset = Person.objects.select_related("account")
    if search:
        queryset = queryset.filter(
            Q(family_name__icontains=search)
            | Q(given_name__icontains=search)
            | Q(family_name_kana__icontains=search)
            | Q(given_name_kana__icontains=search)
            | Q(email__icontains=search)
        )
    return queryset


def person_get_for(*, user, pk):
    return get_visible_or_404(
        Person.objects.select_related("account"),
        user=user,
        perm="members.view_person_record",
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
        .order_by("-confirmed", "organization__name_kana", "pk")
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


def files_attached_to(obj):
    return list(
        StoredFile.objects.filter(
            attached_type=ContentType.objects.get_for_model(obj),
            attached_id=str(obj.pk),
        ).order_by("-uploaded_at")
    )
