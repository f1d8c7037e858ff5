"""Organization pages: the list with its filters and export, creating, the W.Co page,
editing (the whole record, or one contact field in place), the legal-form history and
documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core import fragments
from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import Column
from wco_sse.core.forms import FileUploadForm
from wco_sse.core.text import strip_bidi
from wco_sse.core.validators import clean_phone, number_param
from wco_sse.core.views import CachedPageMixin, ServiceFormMixin

from .. import panels, pickers, selectors, services
from ..fields import ORGANIZATION_INLINE_FIELDS
from ..filters import OrganizationFilter
from ..forms import LegalFormChangeForm, OrganizationForm, OrganizationProfileForm
from ..imports.columns import organization_export_columns
from ..models import Organization
from .base import (
    FilteredExportView,
    InReachMixin,
    PanelPageMixin,
    QueryMixin,
    VersionedEditMixin,
)

# The list's choice filters, as the query string names them: every filter of the
# filterset but the search, so a filter added there varies the cached form too.
FILTER_CHOICES = tuple(name for name in OrganizationFilter.base_filters if name != "q")


class OrganizationPickView(PermissionRequiredMixin, View):
    """The organization picker's matches for ``q``, as JSON (members.pickers): the
    registry's names, read by everyone who works in the portal."""

    permission_required = "members.view_registry"

    def get(self, request):
        organizations = pickers.organizations_search(request.GET.get("q", ""))
        response = JsonResponse(
            {"results": [pickers.organization_choice(o) for o in organizations]}
        )
        response["Cache-Control"] = "private, no-store"
        return response


class OrganizationListView(
    PermissionRequiredMixin, QueryMixin, CachedPageMixin, FilterView
):
    """Search as you type: an htmx request gets the results table only (and is
    never kept whole)."""

    permission_required = "members.view_registry"
    page_depends_on = ("members",)
    filterset_class = OrganizationFilter
    template_name = "members/organization_list.html"
    paginate_by = 50
    context_object_name = "organizations"

    def get_queryset(self):
        return selectors.organization_list()

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["members/organization_list.html#results"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The results for this viewer and query, until the registry changes.
        context["results_stamp"] = fragments.stamp(
            self.request,
            depends_on=("members",),
            vary=(self.request.GET.urlencode(), context["page_obj"].number),
        )
        # The choice filters are the same for everyone (no personal data, no form
        # token): one rendering per language and choice, until an industry or a
        # municipality changes.
        context["filters_stamp"] = fragments.stamp(
            self.request,
            depends_on=("members.industry", "members.municipality"),
            vary=[self.request.GET.get(name, "") for name in FILTER_CHOICES],
            per_viewer=False,
        )
        return context


def _representatives(organization, attribute):
    return "、".join(
        getattr(affiliation.person, attribute)
        for affiliation in organization.current_representatives
    )


# The representative (代表者) as the member list names them, after the organization's
# own columns; the template's headers, so the file reads back as it was written.
REPRESENTATIVE_COLUMNS = (
    Column("代表者", lambda o: _representatives(o, "full_name")),
    Column("代表者フリガナ", lambda o: _representatives(o, "full_name_kana")),
)


class OrganizationExportView(FilteredExportView):
    filterset_class = OrganizationFilter
    what = gettext_lazy("Organizations")
    filename = "organizations"

    def get_queryset(self):
        return selectors.organization_export_list()

    def get_columns(self):
        columns = organization_export_columns()
        headers = {str(column.header) for column in columns}
        return columns + [
            column for column in REPRESENTATIVE_COLUMNS if column.header not in headers
        ]

    def back_url(self):
        request = self.request
        return f"{request.path.rsplit('export/', 1)[0]}?{request.GET.urlencode()}"


class OrganizationCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "members.change_registry"
    form_class = OrganizationForm
    template_name = "members/organization_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        organization = self.run_service(
            form,
            lambda: services.organization_create(
                actor=self.request.user,
                data=data,
                legal_form=data["legal_form"],
                legal_form_since=data.get("legal_form_since"),
            ),
        )
        if organization is None:
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(name)s was registered.") % {"name": organization}
        )
        return redirect("members:organization_detail", pk=organization.pk)


class OrganizationMixin(InReachMixin):
    """A page about the organization in the URL, for those who may ``reach`` it."""

    reach = "members.view_organization_page"

    def resolve_object(self):
        self.organization = selectors.organization_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.reach
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)


class OrganizationDetailView(PanelPageMixin, OrganizationMixin, TemplateView):
    """The W.Co page: its name and the panels every app adds, kept whole for its
    reader (``PanelPageMixin``); its heading is the organization's."""

    template_name = "members/organization_detail.html"
    panel_page = panels.ORGANIZATION_PAGE
    page_own_depends_on = ("members.organization",)

    def resolve_object(self):
        # The reach alone: the industry and municipality are read once the page is
        # rendered, not for an answer from its kept copy.
        self.organization = selectors.organization_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.reach, related=False
        )

    def panel_object(self):
        return self.organization

    def get_context_data(self, **kwargs):
        self.organization = selectors.organization_with_related(self.organization)
        return super().get_context_data(panels=self.rendered_panels(), **kwargs)


class OrganizationEditView(OrganizationMixin, VersionedEditMixin, FormView):
    """The secretariat edits the whole record; a representative their W.Co's profile."""

    reach = "members.edit_organization"
    template_name = "members/organization_form.html"

    @property
    def record(self):
        return self.organization

    def get_form_class(self):
        if self.request.user.has_perm("members.change_registry"):
            return OrganizationForm
        return OrganizationProfileForm

    def save(self, form):
        return services.organization_update(
            actor=self.request.user,
            organization=self.organization,
            data=form.cleaned_data,
            expected_version=form.cleaned_data.get("version") or 0,
        )

    def saved_url(self, record):
        return record.get_absolute_url()


class LegalFormChangeView(OrganizationMixin, ServiceFormMixin, FormView):
    reach = "members.change_registry"
    form_class = LegalFormChangeForm
    template_name = "members/legal_form_change.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            history=selectors.organization_legal_form_history(
                organization=self.organization
            ),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        organization = self.run_service(
            form,
            lambda: services.legal_form_change_record(
                actor=self.request.user,
                organization=self.organization,
                legal_form=data["legal_form"],
                since=data["since"],
                note=data["note"],
            ),
        )
        if organization is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The legal form change was recorded."))
        return redirect("members:organization_detail", pk=organization.pk)


class OrganizationFileUploadView(OrganizationMixin, ServiceFormMixin, FormView):
    reach = "members.edit_organization"
    form_class = FileUploadForm
    template_name = "members/file_upload.html"

    def form_valid(self, form):
        stored = self.run_service(
            form,
            lambda: services.organization_file_attach(
                actor=self.request.user,
                organization=self.organization,
                uploaded=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            ),
        )
        if stored is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The file was uploaded."))
        return redirect("members:organization_detail", pk=self.organization.pk)


class OrganizationFieldView(OrganizationMixin, View):
    """Edit one contact field in place (htmx), with the same version check as the form.

    GET shows the value (or, with ``?edit=1``, a small form); POST saves it. A save
    based on an old version is refused and shows the value someone else saved.
    """

    reach = "members.edit_organization"
    template_name = "members/partials/inline_field.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if kwargs["field"] not in ORGANIZATION_INLINE_FIELDS:
            raise Http404

    def _render(
        self, organization, *, form=None, conflict=None, typed=None, status=200
    ):
        field = self.kwargs["field"]
        context = {
            "organization": organization,
            "field": field,
            "label": Organization._meta.get_field(field).verbose_name,
            "value": getattr(organization, field),
            "form": form,
            "conflict": conflict,
            "typed": typed,
        }
        name = "form" if form is not None else "display"
        return render(
            self.request, f"{self.template_name}#{name}", context, status=status
        )

    def get(self, request, pk, field):
        if request.GET.get("edit"):
            return self._render(
                self.organization,
                form=OrganizationProfileForm(instance=self.organization),
            )
        return self._render(self.organization)

    def post(self, request, pk, field):
        organization = self.organization
        form = OrganizationProfileForm(instance=organization)
        try:
            value = form.fields[field].clean(strip_bidi(request.POST.get(field, "")))
            if field in ("phone", "fax"):
                value = clean_phone(value)
        except ValidationError as error:
            form.errors[field] = form.error_class(error.messages)
            return self._render(
                organization, form=form, typed=request.POST.get(field, "")
            )
        try:
            organization = services.organization_update(
                actor=request.user,
                organization=organization,
                data={field: value},
                expected_version=number_param(request.POST.get("version")) or 0,
            )
        except services.ConflictError as conflict:
            current = Organization.objects.get(pk=organization.pk)
            return self._render(current, conflict=conflict)
        except ServiceError as error:
            form.errors[field] = form.error_class([error.message])
            return self._render(organization, form=form, typed=value)
        return self._render(organization)
