"""The person picker: wherever a form picks someone from the registry, a search by
name or kana (as typed: hiragana, katakana, half-width) instead of a dropdown of
everyone. Each match shows the kana, the person's current organizations and their
registry number, so two people of the same name are told apart.

The widget renders a plain <select> holding only the chosen person;
``static/js/person-picker.js`` turns it into a keyboard-usable combobox that asks
``members:person_pick`` for matches. The field validates any person of its queryset.
"""

from django import forms
from django.db.models import Prefetch, Q
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wco_sse.core.forms import ModelMultipleChoiceField
from wco_sse.core.search import normalize

from .models import Affiliation, Organization, Person

SEARCH_URL = reverse_lazy("members:person_pick")
MAX_MATCHES = 20
MAX_QUERY = 100


def _with_affiliations(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.current()
            .select_related("organization")
            .order_by("-confirmed", "organization__sort_key", "pk"),
            to_attr="current_affiliations",
        )
    )


# How the registry names 生活クラブ (its co-op and its regional branches).
SEIKATSU_CLUB = "生活クラブ"


def wco_and_seikatsu_club_people(day=None):
    """People with a confirmed current place in a W.Co or in 生活クラブ (an
    organization whose name holds 生活クラブ): who may sit on a まちづくり会議."""
    places = (
        Affiliation.objects.current(day)
        .filter(confirmed=True)
        .filter(
            Q(organization__kind=Organization.Kind.WCO)
            | Q(organization__name__contains=SEIKATSU_CLUB)
        )
    )
    return Person.objects.listed().filter(pk__in=places.values("person_id"))


def everyone(day=None):
    """Anyone in the registry: the people a section may seat on a body it runs."""
    return Person.objects.listed()


# Pickers by the ``scope`` the widget's search address names, and the permission
# each needs (without a scope: ``members.view_people``, the secretariat's).
SCOPES = {"community": wco_and_seikatsu_club_people, "body": everyone}
SCOPE_PERMISSIONS = {
    "community": "members.pick_council_people",
    "body": "members.pick_body_people",
}


def people_search(text, *, also=None, within=None, limit=MAX_MATCHES):
    """People whose name, kana or email contains ``text`` however it was typed
    (hiragana or katakana, full or half width, with or without spaces), or who
    match the filter ``also``, in kana order, with their current affiliations
    (a queryset: two queries when read)."""
    # PostgreSQL refuses a NUL byte anywhere in a query, even inside a pattern.
    text = (text or "").replace("\x00", "")[:MAX_QUERY]
    key = normalize(text)
    if not key:
        return Person.objects.none()
    condition = Q(search_text__contains=key)
    if also is not None:
        condition |= also
    people = Person.objects.listed().filter(condition)
    if within is not None:
        people = people.filter(pk__in=within.values("pk"))
    return _with_affiliations(people).order_by("sort_key", "pk")[:limit]


def people_matching(text, *, within=None, limit=MAX_MATCHES):
    return list(people_search(text, within=within, limit=limit))


def person_label(person):
    """山田 花子（ヤマダ ハナコ）"""
    if person.full_name_kana:
        return f"{person.full_name}（{person.full_name_kana}）"
    return person.full_name


def person_detail(person):
    """What tells two people of one name apart: organizations and number."""
    organizations = [
        a.organization.name for a in getattr(person, "current_affiliations", [])
    ]
    parts = ["、".join(organizations[:3]) if organizations else _("No organization")]
    parts.append(_("Registry no. %(number)s") % {"number": person.pk})
    return " / ".join(parts)


def person_option_label(person):
    """A person as a choice in a list: name, kana, organizations, number."""
    return f"{person_label(person)} — {person_detail(person)}"


def person_choice(person):
    return {
        "id": person.pk,
        "label": person_label(person),
        "detail": person_detail(person),
    }


def _ids(value):
    """The keys among ``value`` (whatever the query string says: only a number a key
    can be is looked up)."""
    return [
        int(v) for v in map(str, value) if v.isascii() and v.isdigit() and len(v) < 19
    ]


class _PickerMixin:
    """A <select> holding the chosen records only (never the whole registry); the
    script (``static/js/person-picker.js``) adds the search. ``search_url`` is the
    address that answers ``?q=`` with ``{"results": [{id, label, detail}]}``."""

    default_search_url = None
    placeholder = gettext_lazy("Type a name or its kana")
    no_match = gettext_lazy("No one matches.")

    def __init__(self, attrs=None, search_url=None):
        super().__init__(attrs)
        self.search_url = self.default_search_url if search_url is None else search_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-person-picker"] = str(self.search_url)
        widget_attrs["data-placeholder"] = str(self.placeholder)
        widget_attrs["data-no-match"] = str(self.no_match)
        if self.allow_multiple_selected:
            widget_attrs["data-remove-label"] = _("Remove %(name)s")
        return context

    def chosen(self, ids):
        """[(pk, label)] of the chosen records (one query, or two with details)."""
        raise NotImplementedError

    def optgroups(self, name, value, attrs=None):
        ids = _ids(value)
        chosen = self.chosen(ids) if ids else []
        options = []
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "—", not chosen, 0))
        for index, (pk, label) in enumerate(chosen, start=len(options)):
            options.append(self.create_option(name, pk, label, True, index))
        return [(None, options, 0)]


class PersonPickerWidget(_PickerMixin, forms.Select):
    """One person, searched by name or kana."""

    default_search_url = SEARCH_URL

    def chosen(self, ids):
        people = _with_affiliations(Person.objects.filter(pk__in=ids)).order_by(
            "sort_key", "pk"
        )
        return [(person.pk, person_option_label(person)) for person in people]


class PeoplePickerWidget(PersonPickerWidget, forms.SelectMultiple):
    """Several people, each searched and added in turn; each chosen one can be removed."""

    allow_multiple_selected = True


class PersonPickerField(forms.ModelChoiceField):
    widget = PersonPickerWidget

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault(
            "help_text",
            gettext_lazy("Type a name or its kana, then choose from the list."),
        )
        super().__init__(
            queryset=Person.objects.listed() if queryset is None else queryset,
            **kwargs,
        )


class PeoplePickerField(ModelMultipleChoiceField):
    """Several people of ``queryset``; one outside it is refused at the field."""

    widget = PeoplePickerWidget

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault(
            "help_text",
            gettext_lazy("Type a name or its kana, then choose from the list."),
        )
        super().__init__(
            queryset=Person.objects.listed() if queryset is None else queryset,
            **kwargs,
        )


# --- Organizations ----------------------------------------------------------------------------

ORGANIZATION_SEARCH_URL = reverse_lazy("members:organization_pick")


def organizations_search(text, *, within=None, limit=MAX_MATCHES):
    """Organizations whose name, kana or corporate number contains ``text`` however
    it was typed, in kana order (a queryset: one query when read)."""
    text = (text or "").replace("\x00", "")[:MAX_QUERY]
    key = normalize(text)
    if not key:
        return Organization.objects.none()
    organizations = Organization.objects.filter(search_text__contains=key)
    if within is not None:
        organizations = organizations.filter(pk__in=within.values("pk"))
    return organizations.order_by("sort_key", "pk")[:limit]


def organization_detail(organization):
    """What tells two organizations of one name apart: kind, class and number."""
    parts = [organization.get_kind_display()]
    if organization.membership_class != Organization.MembershipClass.NONE:
        parts.append(organization.get_membership_class_display())
    if organization.status != Organization.Status.ACTIVE:
        parts.append(organization.get_status_display())
    parts.append(_("Registry no. %(number)s") % {"number": organization.pk})
    return " / ".join(parts)


def organization_option_label(organization):
    return f"{organization.name} — {organization_detail(organization)}"


def organization_choice(organization):
    return {
        "id": organization.pk,
        "label": organization.name,
        "detail": organization_detail(organization),
    }


class OrganizationPickerWidget(_PickerMixin, forms.Select):
    """One organization, searched by name or kana."""

    default_search_url = ORGANIZATION_SEARCH_URL
    placeholder = gettext_lazy("Type the organization's name or its kana")
    no_match = gettext_lazy("No organization matches.")

    def chosen(self, ids):
        organizations = Organization.objects.filter(pk__in=ids).order_by(
            "sort_key", "pk"
        )
        return [(o.pk, organization_option_label(o)) for o in organizations]


class OrganizationsPickerWidget(OrganizationPickerWidget, forms.SelectMultiple):
    allow_multiple_selected = True


_ORGANIZATION_HELP = gettext_lazy(
    "Type the organization's name or its kana, then choose from the list."
)


class OrganizationPickerField(forms.ModelChoiceField):
    widget = OrganizationPickerWidget

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("help_text", _ORGANIZATION_HELP)
        super().__init__(
            queryset=Organization.objects.all() if queryset is None else queryset,
            **kwargs,
        )


class OrganizationsPickerField(ModelMultipleChoiceField):
    widget = OrganizationsPickerWidget

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("help_text", _ORGANIZATION_HELP)
        super().__init__(
            queryset=Organization.objects.all() if queryset is None else queryset,
            **kwargs,
        )
