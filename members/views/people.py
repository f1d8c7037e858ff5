"""People: the secretariat's list and records, and each person's own profile."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.audit import audit_entries_for
from wco_sse.core.throttle import Throttle, ThrottledFormMixin
from wco_sse.core.views import ServiceFormMixin

from .. import pickers, selectors, services
from ..filters import PersonFilter
from ..forms import PersonForm
from ..imports.columns import person_export_columns
from .base import (
    FilteredExportView,
    InReachMixin,
    QueryMixin,
    VersionedEditMixin,
)


class PersonListView(PermissionRequiredMixin, QueryMixin, FilterView):
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


class PersonPickView(PermissionRequiredMixin, View):
    """The person picker's matches for ``q``, as JSON (members.pickers)."""

    permission_required = "members.view_people"

    def get_permission_required(self):
        # The まちづくり会議's narrower picker is open to the section that runs it; the
        # one a section seats people with on its other bodies, to its members.
        scope = pickers.SCOPE_PERMISSIONS.get(self.request.GET.get("scope", ""))
        if scope:
            return (scope,)
        return super().get_permission_required()

    def get(self, request):
        scope = pickers.SCOPES.get(request.GET.get("scope", ""))
        people = pickers.people_matching(
            request.GET.get("q", ""), within=scope() if scope else None
        )
        response = JsonResponse(
            {"results": [pickers.person_choice(person) for person in people]}
        )
        response["Cache-Control"] = "private, no-store"
        return response


class PersonExportView(FilteredExportView):
    filterset_class = PersonFilter
    what = gettext_lazy("People")
    filename = "people"

    def get_queryset(self):
        return selectors.person_list()

    def get_columns(self):
        return person_export_columns()

    def back_url(self):
        query = self.request.GET.copy()
        query.pop("format", None)
        query.pop("encoding", None)
        return f"{reverse('members:person_list')}?{query.urlencode()}"


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


class PersonMixin(InReachMixin):
    """A page about the person in the URL, for those who may ``reach`` their record."""

    reach = "members.view_person_record"

    def resolve_object(self):
        self.person = selectors.person_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.reach
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class PersonDetailView(PersonMixin, TemplateView):
    template_name = "members/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person
        context["affiliations_panel"] = {
            "affiliations": selectors.person_affiliations(person=person),
            "readonly": True,
        }
        context["assignments"] = selectors.person_role_assignments(person=person)
        context["today"] = timezone.localdate()
        if self.request.user.has_perm("members.view_role_assignments"):
            context["audit_entries"] = audit_entries_for(person)
        return context


class PersonEditMixin(VersionedEditMixin):
    """Edit a person's record with the version check; a conflict shows what changed."""

    form_class = PersonForm
    template_name = "members/person_form.html"
    own = False

    @property
    def record(self):
        return self.person

    def form_extra_kwargs(self):
        return {"own": self.own}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(person=self.person, own=self.own)
        return context

    def save(self, form):
        return services.person_update(
            actor=self.request.user,
            person=self.person,
            data=form.cleaned_data,
            expected_version=form.cleaned_data.get("version") or 0,
        )


class PersonEditView(PersonMixin, PersonEditMixin, FormView):
    reach = "members.change_registry"

    def resolve_object(self):
        super().resolve_object()
        # An erased entry has nothing left to edit: its page says so.
        if self.person.is_erased:
            raise Http404

    def saved_url(self, record):
        return reverse("members:person_detail", args=[record.pk])


class MyProfileEditView(
    PermissionRequiredMixin, ThrottledFormMixin, PersonEditMixin, FormView
):
    """A person corrects their own profile on "my page"."""

    permission_required = "members.view_mypage"
    own = True
    throttle = Throttle("profile_edit", per_account=20, per_address=60)

    def form_valid(self, form):
        if self.throttled(form):
            return self.form_invalid(form)
        return super().form_valid(form)

    @cached_property
    def person(self):
        return selectors.person_for_user(self.request.user)

    def saved_url(self, record):
        return reverse("members:mypage")
