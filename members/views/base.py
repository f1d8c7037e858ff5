"""What the registry's views share: the object looked up through the viewer's reach
first, a service's refusal at its field, and editing a versioned record.

A URL with an id answers 404 for an object the viewer may not use this page for, as
for one that does not exist: the lookup runs right after an anonymous visitor is sent
to sign in, before any role check, form or method. A 403 is left to pages without an
id that are closed to the viewer's role.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core import views as core_views
from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import export_response

from .. import panels
from ..personal_data import snapshots
from ..services import ConflictError


class InReachMixin(LoginRequiredMixin, core_views.InReachMixin):
    """A signed-in page whose ``resolve_object()`` finds the URL's object(s) through a
    selector that answers 404 outside the viewer's reach, before the method is
    dispatched; a visitor is sent to sign in first."""


class PersonRecordsPageMixin(core_views.CachedPageMixin):
    """A page on a privacy request that shows a reading of its person's records
    (``personal_data``): kept whole for its reader under the versions every such
    reading depends on (every declared model, ``snapshots.declared()``), the request
    itself and ``page_also_depends_on``. Read again while nothing changed, neither
    the reading nor the template is worked out."""

    page_also_depends_on = ()

    def get_page_depends_on(self):
        labels, self.declarations_mark = snapshots.declared()
        return (*labels, "members.privacyrequest", *self.page_also_depends_on)

    def get_page_vary(self):
        # Another set of declarations reads the records otherwise.
        return (self.declarations_mark,)


class VersionedEditMixin(core_views.ServiceFormMixin):
    """Edit a versioned record (``self.record``) with the version check. A save based
    on an older version shows what changed meanwhile, with the user's input kept and
    the form now based on the current version: saving again applies it on top."""

    def form_extra_kwargs(self):
        return {}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.record,
            **self.form_extra_kwargs(),
        }

    def save(self, form):
        """Call the service; return the saved record."""
        raise NotImplementedError

    def saved_url(self, record):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            record = self.save(form)
        except ConflictError as conflict:
            return self.conflict_response(conflict)
        except ServiceError as error:
            self.add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect(self.saved_url(record))

    def conflict_response(self, conflict):
        current = type(self.record).objects.get(pk=self.record.pk)
        data = self.request.POST.copy()
        data["version"] = current.version
        form = self.get_form_class()(data, instance=current, **self.form_extra_kwargs())
        form.is_valid()
        form.add_error(None, conflict.message)
        return self.render_to_response(
            self.get_context_data(form=form, conflict=conflict.changes)
        )


class QueryMixin:
    """A paginated list's links keep its filters: ``query`` is the query string
    without the page."""

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(query=query.urlencode(), **kwargs)


class FilteredExportView(PermissionRequiredMixin, core_views.ServiceActionMixin, View):
    """A filtered list as XLSX or CSV (UTF-8 with BOM, or CP932 on request), logged
    as an export of personal data; a refused export goes back to the list with the
    reason."""

    permission_required = "members.export_registry"
    filterset_class = None
    what = ""
    filename = ""

    def get_queryset(self):
        raise NotImplementedError

    def get_columns(self):
        raise NotImplementedError

    def back_url(self):
        raise NotImplementedError

    def get(self, request):
        filterset = self.filterset_class(request.GET, queryset=self.get_queryset())
        done, response = self.run_action(
            lambda: export_response(
                actor=request.user,
                what=self.what,
                columns=self.get_columns(),
                rows=filterset.qs,
                file_format="csv" if request.GET.get("format") == "csv" else "xlsx",
                filename=self.filename,
                filters=filterset.describe(),
                encoding=request.GET.get("encoding", "utf-8-sig"),
            )
        )
        return response if done else redirect(self.back_url())


class PanelPageMixin(core_views.CachedPageMixin):
    """A page made of the panels every app adds (``panel_page``: the W.Co page, my
    page) for ``panel_object()``. Kept whole for its reader under the versions of
    every panel shown and ``page_own_depends_on`` (what the page shows besides); a
    miss renders it from the panels' own kept copies. Not kept while a shown panel
    is rendered at every reading."""

    panel_page = None
    page_own_depends_on = ()

    def panel_object(self):
        raise NotImplementedError

    @cached_property
    def shown_panels(self):
        return panels.panels_shown(
            self.panel_page, obj=self.panel_object(), user=self.request.user
        )

    @cached_property
    def panel_versions(self):
        return panels.panel_versions(self.shown_panels, obj=self.panel_object())

    def get_page_depends_on(self):
        names = panels.page_depends_on(self.shown_panels, self.panel_versions)
        return None if names is None else (*self.page_own_depends_on, *names)

    def rendered_panels(self):
        return panels.panels_for(
            self.panel_page,
            obj=self.panel_object(),
            request=self.request,
            shown=self.shown_panels,
            versions=self.panel_versions,
        )
