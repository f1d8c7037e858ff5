"""The main navigation, by permission: each entry shows for those who may open it."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Organization
from members.roles import roles_of


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None  # None: everyone, including anonymous visitors


ENTRIES = (
    NavEntry(_("My page"), "members:mypage", "members.view_mypage"),
    NavEntry(_("Registry"), "members:index", "members.view_registry"),
    NavEntry(_("Secretariat"), "secretariat:index", "secretariat.view_index"),
    NavEntry(_("Support"), "support:index", None),
    # The fund's open calls are public: where a W.Co or an association finds them.
    NavEntry(pgettext_lazy("navigation", "Fund"), "network:fund_public_rounds", None),
    NavEntry(_("Network"), "network:index", "network.view_index"),
    NavEntry(_("Business"), "business:index", "business.view_index"),
)


def _represented(user):
    """A representative's W.Co pages, after "My page": one entry, or one per W.Co
    by name where they represent several (their names cost a query only then)."""
    if not user.is_authenticated:
        return []
    org_ids = sorted(roles_of(user).represented_org_ids)
    if not org_ids:
        return []
    if len(org_ids) == 1:
        return [(_("Our W.Co"), org_ids[0])]
    return list(
        Organization.objects.filter(pk__in=org_ids)
        .order_by("sort_key", "pk")
        .values_list("name", "pk")
    )


def navigation_for(request):
    # Error pages may render before the authentication middleware has run.
    user = getattr(request, "user", None)
    if user is None:
        user = AnonymousUser()
    current = request.path
    items = []
    for entry in ENTRIES:
        if entry.permission and not user.has_perm(entry.permission):
            continue
        url = reverse(entry.url_name)
        items.append({"label": entry.label, "url": url, "active": False})
        if entry.url_name == "members:mypage":
            for label, pk in _represented(user):
                url = reverse("members:organization_detail", args=[pk])
                items.append({"label": label, "url": url, "active": False})
    # Only the most specific entry is the current one: /members/me/ is "My page",
    # not also "Registry" (/members/).
    matches = [item for item in items if current.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return items
