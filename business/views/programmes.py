"""Programmes (事業): the kinds the section keeps, the list, recording and changing
one, its state, partners, documents, and the agenda items about it.

The section and the secretariat run programmes; the board, the 常勤役員 and the
operations council read them, and so does the representative of a W.Co taking part
(a partner, or a site's operator). A programme answers 404 to everyone else, as one
that does not exist does; the list, without an id, 403.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.roles import roles_of
from members.views.base import InReachMixin
from secretariat.models import AgendaItem
from wco_sse.core.files import files_attached_to
from wco_sse.core.forms import FileUploadForm
from wco_sse.core.selectors import get_visible_or_404
from wco_sse.core.views import (
    CachedPageMixin,
    ServiceActionMixin,
    ServiceFormMixin,
)

from ..forms_programmes import (
    KindForm,
    PartnerForm,
    ProgrammeForm,
    ProgrammeMoveForm,
    kind_initial,
    programme_initial,
)
from ..models import Programme, ProgrammeKind
from ..selectors import programmes as selectors
from ..selectors import reports as report_selectors
from ..services import programmes as services

PAGE_SIZE = 50


# --- Kinds ------------------------------------------------------------------------------------


class KindListView(PermissionRequiredMixin, TemplateView):
    permission_required = "business.manage_kinds"
    template_name = "business/programmes/kind_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=list(selectors.kind_list()), **kwargs)


class KindCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "business.manage_kinds"
    form_class = KindForm
    template_name = "business/programmes/kind_form.html"

    def form_valid(self, form):
        kind = self.run_service(
            form,
            lambda: services.kind_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if kind is None:
            return self.form_invalid(form)
        messages.success(
            self.request, _("The kind “%(kind)s” was added.") % {"kind": kind}
        )
        return redirect("business:kind_list")


class KindEditView(InReachMixin, ServiceFormMixin, FormView):
    """A kind's page: those who keep the kinds; anyone else finds no such page."""

    form_class = KindForm
    template_name = "business/programmes/kind_form.html"

    def get_object(self):
        return get_visible_or_404(
            ProgrammeKind.objects.all(),
            user=self.request.user,
            perm="business.manage_kinds",
            pk=self.kwargs["pk"],
        )

    def resolve_object(self):
        self.kind = self.object = self.get_object()

    def get_initial(self):
        return kind_initial(self.kind)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind=self.kind, **kwargs)

    def form_valid(self, form):
        kind = self.run_service(
            form,
            lambda: services.kind_update(
                actor=self.request.user, kind=self.kind, data=form.cleaned_data
            ),
        )
        if kind is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect("business:kind_list")


# --- Programmes --------------------------------------------------------------------------------


def _kind_filter(raw):
    if not (raw and raw.isascii() and raw.isdigit() and len(raw) < 12):
        return None
    return ProgrammeKind.objects.filter(pk=int(raw)).first()


class ProgrammeListView(PermissionRequiredMixin, TemplateView):
    permission_required = "business.view_programme_list"
    template_name = "business/programmes/programme_list.html"

    def get_context_data(self, **kwargs):
        get = self.request.GET
        state = get.get("state", "")
        state = state if state in Programme.State.values else ""
        kind = _kind_filter(get.get("kind", ""))
        text = get.get("q", "").replace("\x00", "").strip()[: selectors.SEARCH_MAX]
        page = Paginator(
            selectors.programme_list(kind=kind, state=state, text=text), PAGE_SIZE
        ).get_page(get.get("page"))
        query = {"kind": kind.pk if kind else "", "state": state, "q": text}
        return super().get_context_data(
            page_obj=page,
            programmes=list(page.object_list),
            query=urlencode({k: v for k, v in query.items() if v}),
            states=Programme.State.choices,
            kinds=list(ProgrammeKind.objects.order_by("position", "pk")),
            state=state,
            kind=kind,
            text=text,
            filtered=bool(kind or state or text),
            can_create=self.request.user.has_perm("business.manage_programme"),
            can_manage_kinds=self.request.user.has_perm("business.manage_kinds"),
            **kwargs,
        )


class ProgrammeCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "business.manage_programme"
    form_class = ProgrammeForm
    template_name = "business/programmes/programme_form.html"

    def get_initial(self):
        person_id = roles_of(self.request.user).person_id
        if (
            person_id is not None
            and selectors.business_members().filter(pk=person_id).exists()
        ):
            return {"lead": person_id}
        return {}

    def form_valid(self, form):
        programme = self.run_service(
            form,
            lambda: services.programme_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if programme is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The programme was recorded."))
        return redirect(programme.get_absolute_url())


class ProgrammeMixin(InReachMixin):
    permission = "business.view_programme"

    def get_object(self):
        return selectors.programme_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )


class ProgrammeDetailView(CachedPageMixin, ProgrammeMixin, TemplateView):
    template_name = "business/programmes/programme_detail.html"
    # Partners (the registry), approving items (the secretariat), documents.
    page_depends_on = ("business", "members", "secretariat", "core")

    def get_context_data(self, **kwargs):
        programme = self.object
        user = self.request.user
        can_manage = user.has_perm("business.manage_programme", programme)
        partners = selectors.programme_partners(programme)
        can_contracts = user.has_perm("business.view_contract")
        can_reports = user.has_perm("business.view_report")
        items = selectors.programme_items(programme, user)
        drafting = any(item.status == AgendaItem.Status.DRAFT for item in items)
        sites, site_count = selectors.programme_sites(programme)
        # A site's name leads to its page only for those who may open it (the
        # council and other W.Cos' representatives read the programme, not its
        # sites); the roles and the recorded sites are read once per request.
        for site in sites:
            site.viewable = user.has_perm("business.view_site", site)
        return super().get_context_data(
            programme=programme,
            partners=partners,
            jv_total=selectors.jv_share_total(partners),
            files=files_attached_to(programme),
            items=items,
            drafting=drafting,
            contracts=selectors.programme_contracts(programme)
            if can_contracts
            else None,
            sites=sites,
            site_count=site_count,
            reports=report_selectors.programme_report_summary(programme)
            if can_reports
            else None,
            can_manage=can_manage,
            can_draft=can_manage
            and user.has_perm("secretariat.draft_item")
            and programme.state != Programme.State.ENDED
            and not drafting,
            can_add_contract=user.has_perm("business.manage_contract"),
            can_add_site=user.has_perm("business.manage_site"),
            can_list_sites=user.has_perm("business.view_site_list"),
            can_add_report=user.has_perm("business.manage_report"),
            next_states=services.next_states(programme) if can_manage else [],
            **kwargs,
        )


class ProgrammeEditView(ProgrammeMixin, ServiceFormMixin, FormView):
    permission = "business.manage_programme"
    form_class = ProgrammeForm
    template_name = "business/programmes/programme_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.object}

    def get_initial(self):
        return programme_initial(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.object, **kwargs)

    def form_valid(self, form):
        programme = self.run_service(
            form,
            lambda: services.programme_update(
                actor=self.request.user, programme=self.object, data=form.cleaned_data
            ),
        )
        if programme is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect(programme.get_absolute_url())


class ProgrammeMoveView(ProgrammeMixin, ServiceActionMixin, View):
    permission = "business.manage_programme"

    def post(self, request, pk):
        form = ProgrammeMoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the programme's next state."))
            return redirect(self.object.get_absolute_url())
        done, programme = self.run_action(
            lambda: services.programme_move(
                actor=request.user,
                programme=self.object,
                to_state=form.cleaned_data["state"],
            )
        )
        if done:
            messages.success(
                request,
                _("The programme is now %(state)s.")
                % {"state": programme.get_state_display()},
            )
        return redirect(self.object.get_absolute_url())


class PartnerAddView(ProgrammeMixin, ServiceFormMixin, FormView):
    permission = "business.manage_programme"
    form_class = PartnerForm
    template_name = "business/programmes/partner_form.html"

    def get_context_data(self, **kwargs):
        partners = selectors.programme_partners(self.object)
        return super().get_context_data(
            programme=self.object,
            jv_total=selectors.jv_share_total(partners),
            **kwargs,
        )

    def form_valid(self, form):
        partner = self.run_service(
            form,
            lambda: services.partner_add(
                actor=self.request.user, programme=self.object, data=form.cleaned_data
            ),
        )
        if partner is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(partner)s was added to the programme.") % {"partner": partner},
        )
        return redirect(self.object.get_absolute_url())


class PartnerRemoveView(InReachMixin, ServiceActionMixin, View):
    def get_object(self):
        return selectors.partner_get_for(
            user=self.request.user,
            programme_pk=self.kwargs["pk"],
            pk=self.kwargs["partner_pk"],
        )

    def post(self, request, pk, partner_pk):
        done, _result = self.run_action(
            lambda: services.partner_remove(actor=request.user, partner=self.object)
        )
        if done:
            messages.success(request, _("The partner was removed."))
        return redirect(self.object.programme.get_absolute_url())


class ProgrammeFileUploadView(ProgrammeMixin, ServiceFormMixin, FormView):
    permission = "business.manage_programme"
    form_class = FileUploadForm
    template_name = "business/programmes/programme_file_upload.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.object, **kwargs)

    def form_valid(self, form):
        stored = self.run_service(
            form,
            lambda: services.programme_file_attach(
                actor=self.request.user,
                programme=self.object,
                uploaded=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            ),
        )
        if stored is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The document was uploaded."))
        return redirect(self.object.get_absolute_url())


class ProgrammeDraftItemView(ProgrammeMixin, ServiceActionMixin, View):
    """Draft a business-section item for decision about the programme."""

    permission = "business.manage_programme"

    def post(self, request, pk):
        done, item = self.run_action(
            lambda: services.programme_draft_item(
                actor=request.user, programme=self.object
            )
        )
        if not done:
            return redirect(self.object.get_absolute_url())
        messages.success(
            request,
            _("An agenda item was drafted from the programme; finish it here."),
        )
        return redirect("secretariat:item_detail", pk=item.pk)
