"""Retention rules (保存期間) and their runs: the secretary-general edits the rules and
runs them (or a dry run) now; the 監事 reads the rules and the runs' reports."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.views import ServiceActionMixin, ServiceFormMixin

from ..forms.retention import RetentionRuleForm
from ..personal_data import retention as services
from .base import InReachMixin


class RetentionRulesView(PermissionRequiredMixin, TemplateView):
    """Every rule with its record kind, period, reason, state and what is due now."""

    permission_required = "members.view_retention"
    template_name = "members/privacy/retention_rules.html"

    def get_context_data(self, **kwargs):
        states = services.rule_states()
        rows = [
            {
                "state": state,
                "due": state.due().count() if state.offered else None,
            }
            for state in states
        ]
        last = services.retention_run_list()[:1]
        return super().get_context_data(
            rows=rows,
            last_run=last[0] if last else None,
            can_manage=self.request.user.has_perm("members.manage_retention"),
            **kwargs,
        )


class RetentionRuleEditView(InReachMixin, ServiceFormMixin, FormView):
    """A rule's period, reason and state: the secretary-general's (404 to others,
    the 監事 included, who read the rules on the list)."""

    form_class = RetentionRuleForm
    template_name = "members/privacy/retention_rule_edit.html"

    def get_object(self):
        return services.retention_rule_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def get_initial(self):
        rule = self.object
        return {
            "years": rule.years,
            "reason": rule.reason,
            "active": rule.active,
            "confirmed": rule.confirmed,
        }

    def get_context_data(self, **kwargs):
        (state,) = services.rule_states([self.object])
        return super().get_context_data(rule=self.object, state=state, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        rule = self.run_service(
            form,
            lambda: services.retention_rule_update(
                actor=self.request.user,
                rule=self.object,
                years=data["years"],
                reason=data["reason"],
                active=data["active"],
                confirmed=data["confirmed"],
            ),
        )
        if rule is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The retention rule %(code)s was saved.") % {"code": rule.code},
        )
        return redirect("members:retention_rules")


class RetentionRunsView(PermissionRequiredMixin, ListView):
    permission_required = "members.view_retention"
    template_name = "members/privacy/retention_runs.html"
    context_object_name = "runs"
    paginate_by = 50

    def get_queryset(self):
        return services.retention_run_list()


class RetentionRunView(InReachMixin, TemplateView):
    """One run's report: per rule its count and cutoff, and for a real run its
    journal entry (the secretary-general's and the 監事's; 404 to others)."""

    template_name = "members/privacy/retention_run.html"

    def get_object(self):
        return services.retention_run_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            run=self.object, rows=services.report_rows(self.object), **kwargs
        )


class RetentionDryRunView(PermissionRequiredMixin, ServiceActionMixin, View):
    """Count now what a run would touch, kept as a report."""

    permission_required = "members.manage_retention"

    def post(self, request):
        done, run = self.run_action(
            lambda: services.retention_dry_run(actor=request.user)
        )
        if not done:
            return redirect("members:retention_rules")
        messages.success(request, _("The dry run is done; nothing was changed."))
        return redirect("members:retention_run", pk=run.pk)


class RetentionRunNowView(PermissionRequiredMixin, ServiceActionMixin, View):
    """Run the rules now: first a page with what will be touched, then (confirmed)
    the run itself."""

    permission_required = "members.manage_retention"

    def post(self, request):
        if request.POST.get("confirm") != "yes":
            states = services.rule_states()
            counts = services.due_counts(states)
            rows = [
                {"state": s, "due": counts[s.rule.code]} for s in states if s.applies
            ]
            return render(
                request,
                "members/privacy/retention_run_confirm.html",
                {"rows": rows, "total": sum(counts.values())},
            )
        done, run = self.run_action(lambda: services.retention_run(actor=request.user))
        if not done:
            return redirect("members:retention_rules")
        messages.success(
            request,
            ngettext(
                "The retention rules were run: %(count)s record was handled.",
                "The retention rules were run: %(count)s records were handled.",
                run.total,
            )
            % {"count": run.total},
        )
        return redirect("members:retention_run", pk=run.pk)
