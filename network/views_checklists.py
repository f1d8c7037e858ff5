"""Formation checklists: the templates per intended form and their steps (kept by the
network section and the secretariat, confirmed by the secretariat, read by those who
read initiatives), and the button that marks a step of an initiative done.

A template answers 404 to those who may not read initiatives, the list 403.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.views.base import InReachMixin
from wco_sse.core.views import ServiceActionMixin, ServiceFormMixin

from . import selectors_checklists as selectors
from . import services_checklists as services
from .forms_checklists import ChecklistForm, StepDoneForm, StepForm
from .models import Initiative
from .models_checklists import ChecklistStep
from .views_initiatives import InitiativeMixin


class ChecklistListView(PermissionRequiredMixin, TemplateView):
    permission_required = "network.view_checklists"
    template_name = "network/checklist_list.html"

    def get_context_data(self, **kwargs):
        templates = list(selectors.checklist_list())
        having = {template.form for template in templates}
        return super().get_context_data(
            templates=templates,
            forms_without=[
                (value, label)
                for value, label in Initiative.Form.choices
                if value not in having
            ],
            **kwargs,
        )


class ChecklistCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "network.change_checklist"
    form_class = ChecklistForm
    template_name = "network/checklist_form.html"
    extra_context = {"title": gettext_lazy("New checklist")}

    def get_initial(self):
        form = self.request.GET.get("form")
        return {"form": form} if form in Initiative.Form.values else {}

    def form_valid(self, form):
        template = self.run_service(
            form,
            lambda: services.checklist_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if template is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The checklist was created; add its steps."))
        return redirect(template.get_absolute_url())


class ChecklistMixin(InReachMixin):
    permission = "network.view_checklists"

    def get_object(self):
        return selectors.checklist_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(template=self.object, **kwargs)


class ChecklistDetailView(ChecklistMixin, TemplateView):
    template_name = "network/checklist_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        steps = [
            (step, selectors.deadline_rule(step)) for step in self.object.steps.all()
        ]
        return super().get_context_data(
            steps=steps,
            can_change=user.has_perm("network.change_checklist", self.object),
            can_confirm=user.has_perm("network.confirm_checklist", self.object),
            **kwargs,
        )


class ChecklistEditView(ChecklistMixin, ServiceFormMixin, FormView):
    permission = "network.change_checklist"
    form_class = ChecklistForm
    template_name = "network/checklist_form.html"
    extra_context = {"title": gettext_lazy("Change the checklist")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "template": self.object}

    def get_initial(self):
        return {"name": self.object.name, "note": self.object.note}

    def form_valid(self, form):
        done = self.run_service(
            form,
            lambda: services.checklist_update(
                actor=self.request.user, template=self.object, data=form.cleaned_data
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect(self.object.get_absolute_url())


class ChecklistConfirmView(ChecklistMixin, ServiceActionMixin, View):
    permission = "network.confirm_checklist"

    def post(self, request, pk):
        ok, _template = self.run_action(
            lambda: services.checklist_confirm(actor=request.user, template=self.object)
        )
        if ok:
            messages.success(request, _("The checklist is marked confirmed."))
        return redirect(self.object.get_absolute_url())


class StepAddView(ChecklistMixin, ServiceFormMixin, FormView):
    permission = "network.change_checklist"
    form_class = StepForm
    template_name = "network/checklist_form.html"
    extra_context = {"title": gettext_lazy("Add a step")}

    def get_initial(self):
        last = max((step.order for step in self.object.steps.all()), default=0)
        return {"order": last + 10}

    def form_valid(self, form):
        step = self.run_service(
            form,
            lambda: services.step_add(
                actor=self.request.user, template=self.object, data=form.cleaned_data
            ),
        )
        if step is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The step was added."))
        return redirect(self.object.get_absolute_url())


class StepMixin(InReachMixin):
    permission = "network.change_checklist"

    def get_object(self):
        step = get_object_or_404(
            ChecklistStep.objects.select_related("template"), pk=self.kwargs["pk"]
        )
        # Reached through its template: 404 alike where the template is out of reach.
        selectors.checklist_get_for(
            user=self.request.user, pk=step.template_id, perm=self.permission
        )
        return step

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            step=self.object, template=self.object.template, **kwargs
        )


class StepEditView(StepMixin, ServiceFormMixin, FormView):
    form_class = StepForm
    template_name = "network/checklist_form.html"
    extra_context = {"title": gettext_lazy("Change the step")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "step": self.object}

    def get_initial(self):
        step = self.object
        return {
            "order": step.order,
            "title": step.title,
            "description": step.description,
            "anchor": step.anchor,
            "offset_days": step.offset_days,
            "retired": step.retired,
        }

    def form_valid(self, form):
        done = self.run_service(
            form,
            lambda: services.step_update(
                actor=self.request.user, step=self.object, data=form.cleaned_data
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The step was changed."))
        return redirect(self.object.template.get_absolute_url())


class StepDeleteView(StepMixin, ServiceActionMixin, View):
    def post(self, request, pk):
        ok, _none = self.run_action(
            lambda: services.step_delete(actor=request.user, step=self.object)
        )
        if ok:
            messages.success(request, _("The step was deleted."))
        return redirect(self.object.template.get_absolute_url())


class InitiativeStepDoneView(InitiativeMixin, ServiceActionMixin, View):
    """Mark a step of the initiative's checklist done (on a day), or not done."""

    permission = "network.change_initiative"

    def post(self, request, pk, step):
        step = get_object_or_404(
            ChecklistStep.objects.select_related("template"),
            pk=step,
            template__form=self.object.form,
        )
        form = StepDoneForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a valid date."))
            return redirect(self.object.get_absolute_url())
        done = form.cleaned_data["done"]
        ok, _initiative = self.run_action(
            lambda: services.initiative_step_done(
                actor=request.user,
                initiative=self.object,
                step=step,
                done=done,
                day=form.cleaned_data["day"],
            )
        )
        if ok:
            messages.success(
                request,
                _("The step is marked done.") if done else _("The step is open again."),
            )
        return redirect(f"{self.object.get_absolute_url()}#checklist")
