"""New W.Cos and associations (創出・継続支援): the list with its filters and export,
an initiative's page with its stage history and support log, and the forms that
record, change, move, support and link one.

Kept by the network section and the secretariat; the board, the 監事, the operations
council and the 常勤役員 read. An initiative answers 404 to everyone else, the list 403.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from members.views.base import FilteredExportView, InReachMixin, QueryMixin
from wco_sse.core import fragments
from wco_sse.core.exports import Column
from wco_sse.core.views import CachedPageMixin, ServiceFormMixin

from . import selectors_checklists as checklists
from . import selectors_initiatives as selectors
from . import services_initiatives as services
from .filters_initiatives import InitiativeFilter
from .forms_initiatives import (
    InitiativeForm,
    LinkOrganizationForm,
    StageChangeForm,
    SupportEntryForm,
    initiative_initial,
)


class InitiativeListView(PermissionRequiredMixin, QueryMixin, FilterView):
    permission_required = "network.view_initiatives"
    filterset_class = InitiativeFilter
    template_name = "network/initiative_list.html"
    paginate_by = 50
    context_object_name = "initiatives"

    def get_queryset(self):
        return selectors.initiative_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's rows, with each one's overdue checklist steps (two queries).
        rows = list(context["initiatives"])
        overdue = checklists.overdue_counts(rows)
        for row in rows:
            row.overdue_steps = overdue.get(row.pk, 0)
        context["initiatives"] = rows
        return context


def _founders(initiative):
    names = [p.full_name for p in initiative.founders.all()]
    names += [
        f"{f.name}（{f.contact}）" for f in initiative.unregistered_founders.all()
    ]
    return "、".join(names)


class InitiativeExportView(FilteredExportView):
    permission_required = "network.export_initiatives"
    filterset_class = InitiativeFilter
    what = gettext_lazy("Initiatives")
    filename = "initiatives"

    def get_queryset(self):
        return selectors.initiative_list()

    def get_columns(self):
        return [
            Column(pgettext("initiative", "Name"), lambda i: i.name),
            Column(_("Intended form"), lambda i: i.get_form_display()),
            Column(
                _("Municipality"),
                lambda i: i.municipality.name if i.municipality else "",
            ),
            Column(pgettext("initiative", "Stage"), lambda i: i.get_stage_display()),
            Column(_("Lead"), lambda i: i.lead.full_name if i.lead else ""),
            Column(_("Founders"), _founders),
            Column(_("Next step"), lambda i: i.next_step),
            Column(_("Next step due"), lambda i: i.next_step_due),
            Column(
                _("Registered organization"),
                lambda i: i.organization.name if i.organization else "",
            ),
        ]

    def back_url(self):
        request = self.request
        return f"{request.path.rsplit('export/', 1)[0]}?{request.GET.urlencode()}"


class InitiativeCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "network.change_initiative"
    form_class = InitiativeForm
    template_name = "network/initiative_form.html"

    def form_valid(self, form):
        initiative = self.run_service(
            form,
            lambda: services.initiative_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if initiative is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The initiative was recorded."))
        return redirect(initiative.get_absolute_url())


class InitiativeMixin(InReachMixin):
    permission = "network.view_initiatives"

    def get_object(self):
        return selectors.initiative_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(initiative=self.object, **kwargs)


class InitiativeDetailView(CachedPageMixin, InitiativeMixin, TemplateView):
    template_name = "network/initiative_detail.html"
    # As its fragment below: the section's records and the registry.
    page_depends_on = ("network", "members")

    def get_object(self):
        # The founders are read only if the page is rendered (not served kept).
        return selectors.initiative_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perm=self.permission,
            founders=False,
        )

    def get_context_data(self, **kwargs):
        initiative = selectors.initiative_with_founders(self.object)
        # Read only when the page's cached fragment misses (below).
        history = SimpleLazyObject(lambda: selectors.initiative_history(initiative))
        return super().get_context_data(
            stage_changes=SimpleLazyObject(lambda: history[0]),
            support_entries=SimpleLazyObject(lambda: history[1]),
            checklist=SimpleLazyObject(
                lambda: checklists.initiative_checklist(initiative)
            ),
            can_change=self.request.user.has_perm(
                "network.change_initiative", initiative
            ),
            # The record, its checklist and its history for this viewer, until the
            # network section's records or the registry change (core.fragments); the
            # viewer's stamp carries their roles and the day (the deadlines).
            page_stamp=fragments.stamp(
                self.request, depends_on=("network", "members"), vary=(initiative.pk,)
            ),
            **kwargs,
        )


class InitiativeFormView(InitiativeMixin, ServiceFormMixin, FormView):
    """A form on the initiative; ``run`` calls its service."""

    permission = "network.change_initiative"
    done_message = ""

    def form_valid(self, form):
        result = self.run_service(form, lambda: self.run(form.cleaned_data))
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, self.done_message)
        return redirect(self.object.get_absolute_url())


class InitiativeEditView(InitiativeFormView):
    form_class = InitiativeForm
    template_name = "network/initiative_form.html"
    done_message = gettext_lazy("The changes were saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "initiative": self.object}

    def get_initial(self):
        return initiative_initial(self.object)

    def run(self, data):
        return services.initiative_update(
            actor=self.request.user, initiative=self.object, data=data
        )


class InitiativeStageView(InitiativeFormView):
    form_class = StageChangeForm
    template_name = "network/initiative_action.html"
    done_message = gettext_lazy("The stage was changed.")
    extra_context = {"title": gettext_lazy("Change the stage")}

    def run(self, data):
        return services.initiative_change_stage(
            actor=self.request.user,
            initiative=self.object,
            stage=data["stage"],
            reason=data["reason"],
            date=data["date"],
        )


class InitiativeSupportView(InitiativeFormView):
    form_class = SupportEntryForm
    template_name = "network/initiative_action.html"
    done_message = gettext_lazy("The support was recorded.")
    extra_context = {"title": gettext_lazy("Record support")}

    def run(self, data):
        return services.initiative_add_support(
            actor=self.request.user, initiative=self.object, data=data
        )


class InitiativeLinkView(InitiativeFormView):
    form_class = LinkOrganizationForm
    template_name = "network/initiative_action.html"
    done_message = gettext_lazy("The registered organization was linked.")
    extra_context = {"title": gettext_lazy("Link to the registered organization")}

    def get_initial(self):
        return {"organization": self.object.organization_id}

    def run(self, data):
        return services.initiative_link_organization(
            actor=self.request.user,
            initiative=self.object,
            organization=data.get("organization"),
        )
