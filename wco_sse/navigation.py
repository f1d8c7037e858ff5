"""The main navigation, by permission: each entry shows for those who may open it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
    NavEntry(_("Network"), "network:index", "network.view_index"),
    NavEntry(_("Business"), "business:index", "business.view_index"),
)


def navigation_for(request):
    user = request.user
    current = request.path
    items = []
    for entry in ENTRIES:
        if entry.permission and not user.has_perm(entry.permission):
            continue
        url = reverse(entry.url_name)
        items.append({"label": entry.label, "url": url, "active": False})
    # Only the most specific entry is the current one: /members/me/ is "My page",
    # not also "Registry" (/members/).
    matches = [item for item in items if current.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return items
