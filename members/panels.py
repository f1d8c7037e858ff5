"""Panels: how each app adds its part to the W.Co page and to "my page".

``members`` renders the pages and knows no other app. An app registers panels in its
AppConfig.ready(); each panel loads what it shows with a fixed number of queries (its
``load`` function gets the page's object and the viewing user), so a page's query
count depends on the number of panels, never on the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core import fragments
from wco_sse.core.audit import audit_entries_for
from wco_sse.core.files import files_attached_to
from wco_sse.core.japan import format_fiscal_year

from .dues import dues_of_organization, dues_of_person
from .fields import ORGANIZATION_INLINE_FIELDS
from .models import Organization
from .roles import roles_of
from .selectors import (
    organization_affiliations,
    organization_legal_form_history,
    pending_affiliations_for,
    person_affiliations,
    person_role_assignments,
)

ORGANIZATION_PAGE = "organization"
MY_PAGE = "mypage"

_registry: dict[str, list] = {ORGANIZATION_PAGE: [], MY_PAGE: []}


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    load: Callable  # (obj, user) -> dict, or None to hide the panel
    order: int = 100
    permission: str | None = None  # checked with (user, obj) before loading
    # What the panel shows is made of (apps, models, or finer versions a model
    # names, see core.fragments; "{pk}" stands for the page's object): the rendered
    # panel is cached for its viewer until one of them changes.
    depends_on: tuple = ()
    # What it shows changes with the date alone (a milestone overdue at midnight, a
    # qualification expiring within sixty days): its cached copy turns over daily.
    dated: bool = False
    # Finer versions found from the page's object (obj) -> names, where ``{pk}``
    # cannot say them: the applications of a W.Co's people, one version per person.
    depends_on_for: Callable | None = None

    def versions_for(self, obj):
        names = tuple(name.format(pk=obj.pk) for name in self.depends_on)
        if self.depends_on_for is not None:
            names = (*names, *self.depends_on_for(obj))
        if self.dated:
            from django.utils import timezone

            return (*names, f"day:{timezone.localdate().isoformat()}")
        return names


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    html: str


def register_panel(page, panel):
    panels = _registry[page]
    if any(existing.key == panel.key for existing in panels):
        raise ValueError(f"Panel {panel.key!r} is registered twice on {page!r}.")
    panels.append(panel)
    panels.sort(key=lambda p: (p.order, p.key))


def _render(panel, obj, request):
    context = panel.load(obj, request.user)
    if context is None:
        return None
    return render_to_string(panel.template, {"panel": context}, request=request)


def panels_shown(page, *, obj, user):
    """The panels ``user`` may see on ``page`` for ``obj``, in their order."""
    return [
        panel
        for panel in _registry[page]
        if not panel.permission or user.has_perm(panel.permission, obj)
    ]


def panel_versions(shown, *, obj):
    """{panel key: the versions its cached copy is kept under} for the ``shown``
    panels that are cached (found once per reading: a panel's finer versions may
    take a query)."""
    return {panel.key: panel.versions_for(obj) for panel in shown if panel.depends_on}


def page_depends_on(shown, versions):
    """Every version the ``shown`` panels are kept under, for keeping the page they
    make whole; None when a shown panel is rendered at every reading."""
    if len(versions) < len(shown):
        return None
    return tuple(sorted({name for names in versions.values() for name in names}))


def panels_for(page, *, obj, request, shown=None, versions=None):
    """The panels ``request``'s user may see on ``page`` for ``obj``, rendered (from
    the fragment cache where a panel names what it depends on). ``shown`` and
    ``versions`` are ``panels_shown`` and ``panel_versions`` where the caller found
    them already."""
    if shown is None:
        shown = panels_shown(page, obj=obj, user=request.user)
    if versions is None:
        versions = panel_versions(shown, obj=obj)
    cached = [panel for panel in shown if panel.depends_on]
    html = dict(
        zip(
            (panel.key for panel in cached),
            fragments.cached_many(
                request,
                [
                    fragments.Fragment(
                        f"panel:{page}:{panel.key}",
                        versions[panel.key],
                        (obj.pk,),
                        partial(_render, panel, obj, request),
                    )
                    for panel in cached
                ],
            ),
            strict=True,
        )
    )
    rendered = []
    for panel in shown:
        content = html[panel.key] if panel.depends_on else _render(panel, obj, request)
        if content is not None:
            rendered.append(RenderedPanel(panel.key, panel.title, content))
    return rendered


def _organization_profile(organization, user):
    return {
        "organization": organization,
        "contact_fields": [
            (
                name,
                Organization._meta.get_field(name).verbose_name,
                getattr(organization, name),
            )
            for name in ORGANIZATION_INLINE_FIELDS
        ],
        "can_edit": user.has_perm("members.edit_organization", organization),
        "is_registry": user.has_perm("members.change_registry"),
    }


def _organization_people(organization, user):
    return {
        "organization": organization,
        "affiliations": organization_affiliations(organization=organization),
        "can_manage": user.has_perm("members.manage_affiliations", organization),
        "can_open_records": user.has_perm("members.view_people"),
        # A representative can't end their own place (the secretariat records successors).
        "own_person_id": None
        if user.has_perm("members.change_registry")
        else roles_of(user).person_id,
    }


def _organization_legal_forms(organization, user):
    return {
        "organization": organization,
        "history": organization_legal_form_history(organization=organization),
        "can_record": user.has_perm("members.change_registry"),
    }


def _organization_changes(organization, user):
    return {"entries": audit_entries_for(organization, limit=30)}


def _organization_files(organization, user):
    return {
        "organization": organization,
        "files": files_attached_to(organization),
        "can_upload": user.has_perm("members.edit_organization", organization),
    }


def _my_profile(person, user):
    return {"person": person}


def _my_confirmations(person, user):
    pending = pending_affiliations_for(user=user)
    return {"pending": pending} if pending else None


def _my_affiliations(person, user):
    return {"affiliations": person_affiliations(person=person)}


def _my_roles(person, user):
    assignments = person_role_assignments(person=person, current_only=True)
    return {"assignments": assignments} if assignments else None


register_panel(
    ORGANIZATION_PAGE,
    Panel(
        "profile",
        _("Profile"),
        "members/panels/organization_profile.html",
        _organization_profile,
        order=10,
        depends_on=("members",),
    ),
)
register_panel(
    ORGANIZATION_PAGE,
    Panel(
        "people",
        pgettext_lazy("organization page panel", "People"),
        "members/panels/organization_people.html",
        _organization_people,
        order=20,
        depends_on=("members",),
    ),
)
register_panel(
    ORGANIZATION_PAGE,
    Panel(
        "legal-forms",
        _("Legal form history"),
        "members/panels/organization_legal_forms.html",
        _organization_legal_forms,
        order=30,
        depends_on=("members",),
    ),
)
register_panel(
    ORGANIZATION_PAGE,
    Panel(
        "changes",
        _("Changes"),
        "members/panels/organization_changes.html",
        _organization_changes,
        order=95,
        permission="members.view_registry_history",
        # The audit entries about this organization (core.AuditEntry names them):
        # not every entry anywhere, which came with every action.
        depends_on=("core.auditentry:members.organization:{pk}",),
    ),
)
register_panel(
    ORGANIZATION_PAGE,
    Panel(
        "files",
        _("Documents"),
        "members/panels/organization_files.html",
        _organization_files,
        order=90,
        depends_on=("members",),
    ),
)
register_panel(
    MY_PAGE,
    Panel(
        "profile",
        _("My profile"),
        "members/panels/my_profile.html",
        _my_profile,
        order=10,
        depends_on=("members",),
    ),
)
register_panel(
    MY_PAGE,
    Panel(
        "confirmations",
        _("Membership requests to confirm"),
        "members/panels/my_confirmations.html",
        _my_confirmations,
        order=5,
        depends_on=("members",),
    ),
)
register_panel(
    MY_PAGE,
    Panel(
        "affiliations",
        _("My organizations"),
        "members/panels/my_affiliations.html",
        _my_affiliations,
        order=20,
        depends_on=("members",),
    ),
)
register_panel(
    MY_PAGE,
    Panel(
        "roles",
        _("My roles"),
        "members/panels/my_roles.html",
        _my_roles,
        order=30,
        depends_on=("members",),
    ),
)


# --- Dues (会費) -----------------------------------------------------------------------------------
def _with_year_labels(dues):
    for item in dues:
        item.year_label = format_fiscal_year(item.fiscal_year)
    return dues


def _organization_dues(organization, user):
    dues = _with_year_labels(dues_of_organization(organization=organization))
    if not dues and not organization.is_member_organization:
        return None
    return {
        "organization": organization,
        "dues": dues,
        "can_open": user.has_perm("members.view_dues_list"),
    }


def _my_dues(person, user):
    dues = _with_year_labels(dues_of_person(person=person))
    if not dues:
        return None
    return {"dues": dues, "can_open": user.has_perm("members.view_dues_list")}


register_panel(
    ORGANIZATION_PAGE,
    Panel(
        "dues",
        _("Dues"),
        "members/dues/panel.html",
        _organization_dues,
        order=60,
        permission="members.view_organization_dues",
        depends_on=("members",),
    ),
)
register_panel(
    MY_PAGE,
    Panel(
        "dues",
        _("My dues"),
        "members/dues/panel.html",
        _my_dues,
        order=40,
        depends_on=("members",),
    ),
)
