"""Roles and accounts: the list of role assignments, assigning and ending a role,
resetting someone's second factor. The secretary-general's, the list aside."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.dates import format_day
from wco_sse.core.views import ServiceFormMixin

from .. import selectors, services
from ..forms import RoleAssignForm, RoleEndForm, SecondFactorResetForm
from .base import InReachMixin
from .people import PersonMixin


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


class RoleEndView(InReachMixin, ServiceFormMixin, FormView):
    form_class = RoleEndForm
    template_name = "members/role_end.html"

    def resolve_object(self):
        self.assignment = selectors.role_assignment_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
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
                reason=form.cleaned_data["reason"],
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
                "end": format_day(assignment.end),
            },
        )
        return redirect("members:role_list")


class SecondFactorResetView(PersonMixin, ServiceFormMixin, FormView):
    reach = "members.reset_second_factor"
    form_class = SecondFactorResetForm
    template_name = "members/second_factor_reset.html"

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
