"""Organization pages: the list with its filters and export, creating and editing,
the legal-form history, and the people of a W.Co."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core import fragments
from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import export_response
from wco_sse.core.validators import clean_phone
from wco_sse.core.views import ServiceFormMixin

from .. import selectors, services
from ..filters import OrganizationFilter
from ..forms import (
    AddressForm,
    AffiliationAddForm,
    LegalFormChangeForm,
    OrganizationForm,
    OrganizationProfileForm,
)
from ..imports.columns import organization_export_columns
from ..models import Affiliation, Organization
from ..postal import lookup


class OrganizationListView(PermissionRequiredMixin, FilterView):
    """Search as you type: an htmx request gets the results table only."""

    permission_required = "members.view_registry"
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
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        # The results for this viewer and query, until the registry changes.
        context["results_stamp"] = fragments.stamp(
            self.request,
            depends_on=("members",),
            vary=(self.request.GET.urlencode(), context["page_obj"].number),
        )
        return context


class OrganizationExportView(PermissionRequiredMixin, View):
    """The filtered list as XLSX or CSV (UTF-8 with BOM, or CP932 on request)."""

    permission_required = "members.export_registry"

    def get(self, request):
        filterset = OrganizationFilter(
            request.GET, queryset=selectors.organization_list()
        )
        file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
        try:
            return export_response(
                actor=request.user,
                what=_("Organizations"),
                columns=organization_export_columns(),
                rows=filterset.qs,
                file_format=file_format,
                filename="organizations",
                filters=filterset.describe(),
                encoding=request.GET.get("encoding", "utf-8-sig"),
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(
                f"{request.path.rsplit('export/', 1)[0]}?{request.GET.urlencode()}"
            )


class PostalCodeLookupView(LoginRequiredMixin, View):
    """Fill the address fields of a form from its postal code (htmx)."""

    def get(self, request):
        try:
            address = lookup(request.GET.get("postal_code", ""))
        except ServiceError as error:
            form = AddressForm(initial=request.GET.dict())
            return render(
                request,
                "members/partials/address_fields.html",
                {"form": form, "postal_code_error": error.message},
            )
        initial = {
            "postal_code": address.postal_code,
            "prefecture": address.prefecture,
            "municipality": address.municipality.pk if address.municipality else None,
            "city_outside": "" if address.municipality else address.city,
            "address": address.town,
            "building": request.GET.get("building", ""),
        }
        return render(
            request,
            "members/partials/address_fields.html",
            {"form": AddressForm(initial=initial), "filled": address.text},
        )


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


class OrganizationEditView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """The secretariat edits the whole record; a representative their W.Co's profile."""

    template_name = "members/organization_form.html"

    @cached_property
    def organization(self):
        return selectors.organization_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "members.edit_organization", self.organization
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        if self.request.user.has_perm("members.change_registry"):
            return OrganizationForm
        return OrganizationProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.organization}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)

    def form_valid(self, form):
        try:
            organization = services.organization_update(
                actor=self.request.user,
                organization=self.organization,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except services.ConflictError as conflict:
            return self._conflict(form, conflict)
        except ServiceError as error:
            form.add_error(
                error.field if error.field in form.fields else None, error.message
            )
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect("members:organization_detail", pk=organization.pk)

    def _conflict(self, form, conflict):
        """Show what changed meanwhile, with the user's input kept and the form now based
        on the current version: saving again applies their changes on top."""
        current = type(self.organization).objects.get(pk=self.organization.pk)
        data = self.request.POST.copy()
        data["version"] = current.version
        form = self.get_form_class()(data, instance=current)
        form.is_valid()
        form.add_error(None, conflict.message)
        return self.render_to_response(
            self.get_context_data(form=form, conflict=conflict.changes)
        )


class LegalFormChangeView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "members.change_registry"
    form_class = LegalFormChangeForm
    template_name = "members/legal_form_change.html"

    @cached_property
    def organization(self):
        return selectors.organization_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organization=self.organization,
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


class AffiliationAddView(LoginRequiredMixin, ServiceFormMixin, FormView):
    form_class = AffiliationAddForm
    template_name = "members/affiliation_add.html"

    @cached_property
    def organization(self):
        return selectors.organization_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "members.manage_affiliations", self.organization
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "can_choose_existing": self.request.user.has_perm(
            "members.change_registry"
        )}  # fmt: skip

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        affiliation = self.run_service(
            form,
            lambda: services.organization_member_add(
                actor=self.request.user,
                organization=self.organization,
                person=data.get("person"),
                person_data=data,
                position=data["position"],
                start=data.get("start"),
            ),
        )
        if affiliation is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(person)s was added to %(organization)s.")
            % {"person": affiliation.person, "organization": self.organization},
        )
        return redirect("members:organization_detail", pk=self.organization.pk)


class AffiliationActionView(LoginRequiredMixin, View):
    """Confirm or end an affiliation (POST): the W.Co's representative or the secretariat."""

    action = None

    def post(self, request, pk):
        affiliation = get_object_or_404(
            Affiliation.objects.select_related("organization", "person"), pk=pk
        )
        organization = selectors.organization_get_for(
            user=request.user, pk=affiliation.organization_id
        )
        if not request.user.has_perm("members.manage_affiliations", organization):
            raise PermissionDenied
        try:
            if self.action == "confirm":
                services.affiliation_confirm(
                    actor=request.user, affiliation=affiliation
                )
                messages.success(
                    request,
                    _("%(person)s is now confirmed as a member of %(organization)s.")
                    % {"person": affiliation.person, "organization": organization},
                )
            else:
                services.affiliation_end(actor=request.user, affiliation=affiliation)
                messages.success(
                    request,
                    _("The affiliation of %(person)s with %(organization)s was ended.")
                    % {"person": affiliation.person, "organization": organization},
                )
        except ServiceError as error:
            messages.error(request, error.message)
        next_url = request.POST.get("next")
        if next_url == "mypage":
            return redirect("members:mypage")
        return redirect("members:organization_detail", pk=organization.pk)


INLINE_FIELDS = ("phone", "fax", "email", "website")


class OrganizationFieldView(LoginRequiredMixin, View):
    """Edit one contact field in place (htmx), with the same version check as the form.

    GET shows the value (or, with ``?edit=1``, a small form); POST saves it. A save
    based on an old version is refused and shows the value someone else saved.
    """

    template_name = "members/partials/inline_field.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if kwargs["field"] not in INLINE_FIELDS:
            raise Http404

    def _organization(self):
        organization = selectors.organization_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        if not self.request.user.has_perm("members.edit_organization", organization):
            raise PermissionDenied
        return organization

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
        organization = self._organization()
        if request.GET.get("edit"):
            return self._render(
                organization, form=OrganizationProfileForm(instance=organization)
            )
        return self._render(organization)

    def post(self, request, pk, field):
        organization = self._organization()
        form = OrganizationProfileForm(instance=organization)
        bound_field = form.fields[field]
        try:
            value = bound_field.clean(request.POST.get(field, ""))
            if field in ("phone", "fax"):
                value = clean_phone(value)
        except ValidationError as error:
            form = OrganizationProfileForm(instance=organization)
            form.errors[field] = form.error_class(error.messages)
            return self._render(
                organization, form=form, typed=request.POST.get(field, ""), status=200
            )
        try:
            organization = services.organization_update(
                actor=request.user,
                organization=organization,
                data={field: value},
                expected_version=_int(request.POST.get("version")),
            )
        except services.ConflictError as conflict:
            current = Organization.objects.get(pk=organization.pk)
            return self._render(current, conflict=conflict)
        except ServiceError as error:
            form.errors[field] = form.error_class([error.message])
            return self._render(organization, form=form, typed=value)
        return self._render(organization)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
