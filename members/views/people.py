"""People: the secretariat's list and records, and each person's own profile."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import export_response
from wco_sse.core.views import ServiceFormMixin

from .. import selectors, services
from ..filters import PersonFilter
from ..forms import AffiliationRequestForm, PersonForm
from ..imports.columns import person_export_columns
from ..models import Person


class PersonListView(PermissionRequiredMixin, FilterView):
    permission_required = "members.view_people"
    filterset_class = PersonFilter
    template_name = "members/person_list.html"
    paginate_by = 50
    context_object_name = "people"

    def get_queryset(self):
        return selectors.person_list()

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["members/person_list.html#results"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context


class PersonCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "members.change_registry"
    form_class = PersonForm
    template_name = "members/person_form.html"

    def form_valid(self, form):
        person = self.run_service(
            form,
            lambda: services.person_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if person is None:
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was registered.") % {"name": person})
        return redirect("members:person_detail", pk=person.pk)


class PersonEditMixin(ServiceFormMixin):
    """Edit a person's record with the version check; a conflict shows what changed."""

    form_class = PersonForm
    template_name = "members/person_form.html"
    own = False

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.person, "own": self.own}

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, own=self.own, **kwargs)

    def form_valid(self, form):
        try:
            services.person_update(
                actor=self.request.user,
                person=self.person,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except services.ConflictError as conflict:
            current = Person.objects.get(pk=self.person.pk)
            data = self.request.POST.copy()
            data["version"] = current.version
            form = PersonForm(data, instance=current, own=self.own)
            form.is_valid()
            form.add_error(None, conflict.message)
            return self.render_to_response(
                self.get_context_data(form=form, conflict=conflict.changes)
            )
        except ServiceError as error:
            form.add_error(
                error.field if error.field in form.fields else None, error.message
            )
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect(self.success_url_name, **self.success_kwargs())


class PersonEditView(PermissionRequiredMixin, PersonEditMixin, FormView):
    permission_required = "members.change_registry"
    success_url_name = "members:person_detail"

    @cached_property
    def person(self):
        return selectors.person_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def success_kwargs(self):
        return {"pk": self.person.pk}


class MyProfileEditView(PermissionRequiredMixin, PersonEditMixin, FormView):
    """A person corrects their own profile on "my page"."""

    permission_required = "members.view_mypage"
    own = True
    success_url_name = "members:mypage"

    @cached_property
    def person(self):
        return selectors.person_for_user(self.request.user)

    def success_kwargs(self):
        return {}


class AffiliationRequestView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """A signed-up person asks to be recorded as a member of their W.Co."""

    permission_required = "members.request_affiliation"
    form_class = AffiliationRequestForm
    template_name = "members/affiliation_request.html"

    def form_valid(self, form):
        person = selectors.person_for_user(self.request.user)
        if person is None:
            raise PermissionDenied
        affiliation = self.run_service(
            form,
            lambda: services.affiliation_request(
                actor=self.request.user,
                person=person,
                organization=form.cleaned_data["organization"],
            ),
        )
        if affiliation is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Your request was sent. The representative of %(organization)s will "
                "confirm it."
            )
            % {"organization": affiliation.organization},
        )
        return redirect("members:mypage")


class PersonExportView(PermissionRequiredMixin, View):
    permission_required = "members.export_registry"

    def get(self, request):
        filterset = PersonFilter(request.GET, queryset=selectors.person_list())
        try:
            return export_response(
                actor=request.user,
                what=_("People"),
                columns=person_export_columns(),
                rows=filterset.qs,
                file_format="csv" if request.GET.get("format") == "csv" else "xlsx",
                filename="people",
                filters=filterset.describe(),
                encoding=request.GET.get("encoding", "utf-8-sig"),
            )
        except ServiceError as error:
            messages.error(request, error.message)
            query = request.GET.copy()
            query.pop("format", None)
            query.pop("encoding", None)
            return redirect(f"{reverse('members:person_list')}?{query.urlencode()}")
