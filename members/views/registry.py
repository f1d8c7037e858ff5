from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.audit import audit_entries_for
from wco_sse.core.forms import FileUploadForm
from wco_sse.core.views import ServiceFormMixin

from .. import panels, selectors, services
from ..forms import RoleAssignForm, RoleEndForm, SecondFactorResetForm
from ..models import Organization, Person, RoleAssignment


class IndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "members.view_registry"
    template_name = "members/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = Organization.objects.aggregate(
            wcos=Count("pk", filter=Q(kind=Organization.Kind.WCO)),
            regular=Count(
                "pk", filter=Q(membership_class=Organization.MembershipClass.REGULAR)
            ),
            supporting=Count(
                "pk", filter=Q(membership_class=Organization.MembershipClass.SUPPORTING)
            ),
            partners=Count("pk", filter=Q(kind=Organization.Kind.PARTNER)),
        )
        context["people_count"] = Person.objects.count()
        context["conversions"] = selectors.conversion_count()
        return context


class OrganizationDetailView(LoginRequiredMixin, TemplateView):
    template_name = "members/organization_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = selectors.organization_get_for(
            user=self.request.user, pk=kwargs["pk"]
        )
        context["organization"] = organization
        context["panels"] = panels.panels_for(
            panels.ORGANIZATION_PAGE, obj=organization, request=self.request
        )
        return context


class OrganizationFileUploadView(LoginRequiredMixin, ServiceFormMixin, FormView):
    form_class = FileUploadForm
    template_name = "members/file_upload.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organization = selectors.organization_get_for(
                user=request.user, pk=kwargs["pk"]
            )
            if not request.user.has_perm(
                "members.edit_organization", self.organization
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)

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


class PersonDetailView(LoginRequiredMixin, TemplateView):
    template_name = "members/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = selectors.person_get_for(user=self.request.user, pk=kwargs["pk"])
        context["person"] = person
        context["affiliations_panel"] = {
            "affiliations": selectors.person_affiliations(person=person),
            "readonly": True,
        }
        context["assignments"] = selectors.person_role_assignments(person=person)
        context["today"] = timezone.localdate()
        if self.request.user.has_perm("members.view_role_assignments"):
            context["audit_entries"] = audit_entries_for(person)
        return context


class SecondFactorResetView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "members.reset_second_factor"
    form_class = SecondFactorResetForm
    template_name = "members/second_factor_reset.html"

    @cached_property
    def person(self):
        return get_object_or_404(
            Person.objects.select_related("account"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)

    def form_valid(self, form):
        removed = self.run_service(
            form,
            lambda: services.second_factor_reset(
                actor=self.request.user,
                person=self.person,
                reason=form.cleaned_data["reason"],
            ),
        )
        if removed is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "The second factor of %(person)s was reset. They will set up a new one at their next sign-in."
            )
            % {"person": self.person},
        )
        return redirect("members:person_detail", pk=self.person.pk)


class RoleListView(PermissionRequiredMixin, ListView):
    permission_required = "members.view_role_assignments"
    template_name = "members/role_list.html"
    context_object_name = "assignments"
    paginate_by = 100

    def get_show(self):
        show = self.request.GET.get("show", "current")
        return show if show in {"current", "ended", "all"} else "current"

    def get_queryset(self):
        return selectors.role_assignment_list(show=self.get_show())

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.get_show(), **kwargs)


class RoleAssignView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "members.manage_roles"
    form_class = RoleAssignForm
    template_name = "members/role_assign.html"

    def get_initial(self):
        initial = {"start": timezone.localdate()}
        person_id = self.request.GET.get("person", "")
        if person_id.isdecimal():
            initial["person"] = person_id
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        assignment = self.run_service(
            form,
            lambda: services.role_assign(
                actor=self.request.user,
                person=data["person"],
                role=data["role"],
                scope=data["scope"],
                start=data["start"],
                end=data["end"],
                note=data["note"],
            ),
        )
        if assignment is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(person)s now holds the role %(role)s.")
            % {"person": assignment.person, "role": assignment.label},
        )
        return redirect("members:role_list")


class RoleEndView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "members.manage_roles"
    form_class = RoleEndForm
    template_name = "members/role_end.html"

    @cached_property
    def assignment(self):
        return get_object_or_404(
            RoleAssignment.objects.select_related("person"), pk=self.kwargs["pk"]
        )

    def get_initial(self):
        return {"end": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(assignment=self.assignment, **kwargs)

    def form_valid(self, form):
        assignment = self.run_service(
            form,
            lambda: services.role_end(
                actor=self.request.user,
                assignment=self.assignment,
                end=form.cleaned_data["end"],
            ),
        )
        if assignment is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The role %(role)s of %(person)s ends on %(end)s.")
            % {
                "role": assignment.label,
                "person": assignment.person,
                "end": assignment.end,
            },
        )
        return redirect(reverse("members:role_list"))


class MyPageView(PermissionRequiredMixin, TemplateView):
    permission_required = "members.view_mypage"
    template_name = "members/mypage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = selectors.person_for_user(self.request.user)
        context["person"] = person
        context["panels"] = panels.panels_for(
            panels.MY_PAGE, obj=person, request=self.request
        )
        return context
