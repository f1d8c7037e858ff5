"""Indicator sets and period reports (実績報告): the sets and their versions, the
version a programme reports with each fiscal year, the reports with their counts,
submission, acceptance and corrections, the standard XLSX, the 実績報告書 PDF and the
clients' own spreadsheets filled.

The business section and the secretariat run them; the board (監事 included) and the
常勤役員 read them. A record answers 404 to everyone else, as a missing one does;
the lists, without an id, 403.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.views.base import InReachMixin
from wco_sse.core.exports import XLSX_TYPE, Column, export_response
from wco_sse.core.japan import (
    fiscal_year,
    format_date,
    format_fiscal_year,
)
from wco_sse.core.pdf import pdf_response, render_pdf
from wco_sse.core.validators import number_param
from wco_sse.core.views import (
    CachedPageMixin,
    ServiceActionMixin,
    ServiceFormMixin,
)

from ..forms_reports import (
    IndicatorForm,
    IndicatorSetForm,
    ProgrammeVersionForm,
    ReportAcceptForm,
    ReportCorrectForm,
    ReportCreateForm,
    ReportSubmitForm,
    ReportValuesForm,
    TemplateUploadForm,
    VersionForm,
    indicator_initial,
    year_choices,
)
from ..models import PeriodReport, Programme
from ..selectors import reports as selectors
from ..services import reports as services


def programme_url(programme):
    """The programme's page (the programmes part's), where it exists."""
    try:
        return reverse("business:programme_detail", args=[programme.pk])
    except NoReverseMatch:
        return ""


def programme_reports_url(programme):
    return (
        reverse("business:report_list") + "?" + urlencode({"programme": programme.pk})
    )


# --- Indicator sets -------------------------------------------------------------------


class IndicatorSetListView(PermissionRequiredMixin, TemplateView):
    permission_required = "business.view_indicators"
    template_name = "business/reports/set_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sets=selectors.indicator_set_list(),
            can_manage=self.request.user.has_perm("business.manage_indicators"),
            **kwargs,
        )


class IndicatorSetCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "business.manage_indicators"
    form_class = IndicatorSetForm
    template_name = "business/reports/set_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        made = self.run_service(
            form,
            lambda: services.indicator_set_create(
                actor=self.request.user,
                name=data["name"],
                kind=data["kind"],
                note=data["note"],
            ),
        )
        if made is None:
            return self.form_invalid(form)
        messages.success(
            self.request, _("The set was recorded; add its indicators to version 1.")
        )
        return redirect("business:indicator_set_detail", pk=made.pk)


class IndicatorSetMixin(InReachMixin):
    permission = "business.view_indicators"

    def get_object(self):
        return selectors.indicator_set_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )


class IndicatorSetDetailView(IndicatorSetMixin, TemplateView):
    template_name = "business/reports/set_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            indicator_set=self.object,
            versions=selectors.set_versions(self.object),
            can_manage=self.request.user.has_perm(
                "business.manage_indicators", self.object
            ),
            **kwargs,
        )


class IndicatorSetConfirmView(IndicatorSetMixin, ServiceActionMixin, View):
    permission = "business.manage_indicators"

    def post(self, request, pk):
        done, _made = self.run_action(
            lambda: services.indicator_set_confirm(
                actor=request.user, indicator_set=self.object
            )
        )
        if done:
            messages.success(request, _("The set is marked as confirmed."))
        return redirect("business:indicator_set_detail", pk=self.object.pk)


class VersionCreateView(IndicatorSetMixin, ServiceFormMixin, FormView):
    permission = "business.manage_indicators"
    form_class = VersionForm
    template_name = "business/reports/version_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(indicator_set=self.object, **kwargs)

    def form_valid(self, form):
        version = self.run_service(
            form,
            lambda: services.version_create(
                actor=self.request.user,
                indicator_set=self.object,
                note=form.cleaned_data["note"],
            ),
        )
        if version is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Version %(number)s was made from the latest; change its indicators.")
            % {"number": version.number},
        )
        return redirect("business:indicator_set_detail", pk=self.object.pk)


class IndicatorCreateView(InReachMixin, ServiceFormMixin, FormView):
    form_class = IndicatorForm
    template_name = "business/reports/indicator_form.html"

    def get_object(self):
        return selectors.version_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "version": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            version=self.object, indicator_set=self.object.indicator_set, **kwargs
        )

    def form_valid(self, form):
        made = self.run_service(
            form,
            lambda: services.indicator_add(
                actor=self.request.user, version=self.object, data=form.cleaned_data
            ),
        )
        if made is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The indicator was added."))
        return redirect(
            "business:indicator_set_detail", pk=self.object.indicator_set_id
        )


class IndicatorMixin(InReachMixin):
    def get_object(self):
        return selectors.indicator_get_for(user=self.request.user, pk=self.kwargs["pk"])


class IndicatorEditView(IndicatorMixin, ServiceFormMixin, FormView):
    form_class = IndicatorForm
    template_name = "business/reports/indicator_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "version": self.object.version}

    def get_initial(self):
        return indicator_initial(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            indicator=self.object,
            version=self.object.version,
            indicator_set=self.object.version.indicator_set,
            **kwargs,
        )

    def form_valid(self, form):
        made = self.run_service(
            form,
            lambda: services.indicator_update(
                actor=self.request.user,
                indicator=self.object,
                data=form.cleaned_data,
            ),
        )
        if made is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The indicator was saved."))
        return redirect(
            "business:indicator_set_detail", pk=self.object.version.indicator_set_id
        )


class IndicatorDeleteView(IndicatorMixin, ServiceActionMixin, View):
    def post(self, request, pk):
        done, _made = self.run_action(
            lambda: services.indicator_remove(actor=request.user, indicator=self.object)
        )
        if done:
            messages.success(request, _("The indicator was removed."))
        return redirect(
            "business:indicator_set_detail", pk=self.object.version.indicator_set_id
        )


# --- A programme's indicators by fiscal year -------------------------------------------


class ProgrammeMixin(InReachMixin):
    permission = "business.manage_report"

    def get_object(self):
        return selectors.programme_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )


class ProgrammeIndicatorsView(ProgrammeMixin, ServiceFormMixin, FormView):
    form_class = ProgrammeVersionForm
    template_name = "business/reports/programme_indicators.html"

    def get_initial(self):
        return {"fiscal_year": fiscal_year(timezone.localdate())}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programme=self.object,
            programme_url=programme_url(self.object),
            reports_url=programme_reports_url(self.object),
            years=selectors.programme_years(self.object),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        chosen = self.run_service(
            form,
            lambda: services.programme_version_set(
                actor=self.request.user,
                programme=self.object,
                year=data["fiscal_year"],
                version=data["version"],
            ),
        )
        if chosen is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(year)s: the programme reports with %(version)s.")
            % {
                "year": format_fiscal_year(chosen.fiscal_year),
                "version": chosen.version,
            },
        )
        return redirect("business:programme_indicators", pk=self.object.pk)


class TemplateUploadView(ProgrammeMixin, ServiceFormMixin, FormView):
    form_class = TemplateUploadForm
    template_name = "business/reports/template_upload.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programme=self.object,
            reports_url=programme_reports_url(self.object),
            **kwargs,
        )

    def form_valid(self, form):
        template = self.run_service(
            form,
            lambda: services.template_upload(
                actor=self.request.user,
                programme=self.object,
                name=form.cleaned_data["name"],
                uploaded=form.cleaned_data["file"],
            ),
        )
        if template is None:
            return self.form_invalid(form)
        if template.unknown_placeholders:
            messages.warning(
                self.request,
                _(
                    "The template was kept. The portal does not know these "
                    "placeholders and leaves them as they are: %(names)s"
                )
                % {
                    "names": "、".join(
                        "{{" + name + "}}" for name in template.unknown_placeholders
                    )
                },
            )
        else:
            messages.success(
                self.request, _("The template was kept; every placeholder is known.")
            )
        return redirect(programme_reports_url(self.object))


# --- Period reports -------------------------------------------------------------------


class ReportListView(PermissionRequiredMixin, TemplateView):
    permission_required = "business.view_report"
    template_name = "business/reports/report_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        params = self.request.GET
        programme = None
        programme_pk = number_param(params.get("programme"))
        if programme_pk is not None:
            programme = (
                Programme.objects.select_related("kind", "lead")
                .filter(pk=programme_pk)
                .first()
            )
        year = number_param(params.get("year"))
        year = year if year is not None and 2000 <= year <= 2100 else None
        state = params.get("state", "")
        state = state if state in PeriodReport.State.values else ""
        page = Paginator(
            selectors.report_list(programme=programme, year=year, state=state), 50
        ).get_page(params.get("page"))
        reports = list(page.object_list)
        query = {
            "programme": programme.pk if programme else "",
            "year": year or "",
            "state": state,
        }
        for report in reports:
            report.label = selectors.period_label(
                report.period_start, report.period_end
            )
        context = {
            "page_obj": page,
            "query": urlencode({k: v for k, v in query.items() if v}),
            "reports": reports,
            "programme": programme,
            "programmes": Programme.objects.order_by("title", "pk").only("pk", "title"),
            "year": year,
            "years": year_choices(),
            "state": state,
            "states": PeriodReport.State.choices,
            "can_manage": user.has_perm("business.manage_report"),
        }
        if programme is not None:
            context.update(
                programme_url=programme_url(programme),
                indicator_years=selectors.programme_years(programme),
                templates=selectors.programme_templates(programme),
            )
        return super().get_context_data(**context, **kwargs)


class ReportCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """A new report for ``?programme=<pk>`` (``&contract=<pk>`` picks its periods)."""

    permission_required = "business.manage_report"
    form_class = ReportCreateForm
    template_name = "business/reports/report_create.html"

    def dispatch(self, request, *args, **kwargs):
        self.programme = None
        # The page's own form posts to its URL, ``?programme=`` kept; a form sent
        # without the query names the programme in its data.
        pk = number_param(request.GET.get("programme") or request.POST.get("programme"))
        if pk is not None:
            self.programme = Programme.objects.filter(pk=pk).first()
        if self.programme is not None:
            self.contracts = selectors.programme_contracts(self.programme)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        if self.programme is None:
            return None
        return super().get_form(form_class)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "programme": self.programme,
            "contracts": self.contracts,
        }

    def get_initial(self):
        contract_pk = number_param(self.request.GET.get("contract"))
        contract = next((c for c in self.contracts if c.pk == contract_pk), None)
        if contract is None and self.contracts:
            contract = self.contracts[0]
        if contract is None:
            return {}
        today = timezone.localdate()
        done = set(
            PeriodReport.objects.filter(programme=self.programme).values_list(
                "period_start", "period_end"
            )
        )
        for start, end in selectors.contract_periods(contract):
            if start <= today and (start, end) not in done:
                return {"period": f"{contract.pk}:{start}:{end}"}
        return {}

    def get_context_data(self, **kwargs):
        context = {"programme": self.programme}
        if self.programme is None:
            context["programmes"] = Programme.objects.select_related("kind").order_by(
                "title", "pk"
            )
        else:
            context["reports_url"] = programme_reports_url(self.programme)
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.programme is None:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        report = self.run_service(
            form,
            lambda: services.report_create(
                actor=self.request.user, programme=self.programme, **form.values()
            ),
        )
        if report is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The report was started; enter its counts."))
        return redirect("business:report_edit", pk=report.pk)


class ReportMixin(InReachMixin):
    permission = "business.view_report"
    # Whether the lookup reads the programme, contract and indicator set too.
    related_on_lookup = True

    def get_object(self):
        return selectors.report_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perm=self.permission,
            related=self.related_on_lookup,
        )


class ReportDetailView(CachedPageMixin, ReportMixin, TemplateView):
    template_name = "business/reports/report_detail.html"
    # Who made each revision (the registry), the client's templates (files).
    page_depends_on = ("business", "members", "core")
    # Served kept, the page needs the report's row alone (the reach check).
    related_on_lookup = False

    def get_context_data(self, **kwargs):
        report = self.object = selectors.report_with_related(self.object)
        user = self.request.user
        can_manage = user.has_perm("business.manage_report", report)
        latest = selectors.report_is_latest(report)
        today = timezone.localdate()
        rows = selectors.report_rows(report)
        return super().get_context_data(
            report=report,
            period=selectors.period_label(report.period_start, report.period_end),
            rows=rows,
            has_rates=any(row.indicator.per_100k for row in rows),
            months=selectors.months_in(report.period_start, report.period_end),
            site_totals=selectors.site_totals(
                report.programme, report.period_start, report.period_end
            ),
            revisions=selectors.report_revisions(report),
            templates=selectors.programme_templates(report.programme),
            programme_url=programme_url(report.programme),
            reports_url=programme_reports_url(report.programme),
            can_manage=can_manage,
            latest=latest,
            can_edit=can_manage and report.state == PeriodReport.State.DRAFT,
            can_correct=can_manage
            and latest
            and report.state != PeriodReport.State.DRAFT,
            submit_form=ReportSubmitForm(initial={"submitted_on": today}),
            accept_form=ReportAcceptForm(initial={"accepted_on": today}),
            correct_form=ReportCorrectForm(),
            **kwargs,
        )


class ReportEditView(ReportMixin, ServiceFormMixin, FormView):
    permission = "business.manage_report"
    form_class = ReportValuesForm
    template_name = "business/reports/report_edit.html"

    def resolve_object(self):
        super().resolve_object()
        self.rows = selectors.report_rows(self.object)

    def not_draft(self):
        messages.error(
            self.request,
            _("Only a draft report is changed: correct it as a new revision."),
        )
        return redirect(self.object.get_absolute_url())

    def get(self, request, *args, **kwargs):
        if self.object.state != PeriodReport.State.DRAFT:
            return self.not_draft()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.object.state != PeriodReport.State.DRAFT:
            return self.not_draft()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rows": self.rows}

    def get_initial(self):
        return {"note": self.object.note}

    def get_context_data(self, **kwargs):
        report = self.object
        return super().get_context_data(
            report=report,
            period=selectors.period_label(report.period_start, report.period_end),
            ratios=[r for r in self.rows if r.indicator.kind == "ratio"],
            **kwargs,
        )

    def form_valid(self, form):
        saved = self.run_service(
            form,
            lambda: services.report_values_save(
                actor=self.request.user,
                report=self.object,
                values=form.values(),
                note=form.cleaned_data["note"],
            ),
        )
        if saved is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The counts were saved."))
        return redirect(self.object.get_absolute_url())


class ReportStepView(ReportMixin, ServiceFormMixin, FormView):
    """A step of the report's life on a small page of its own (its form is also on
    the report's page): submit, accept, correct."""

    permission = "business.manage_report"
    template_name = "business/reports/report_step.html"
    heading = ""
    success = ""

    def get_context_data(self, **kwargs):
        report = self.object
        return super().get_context_data(
            report=report,
            period=selectors.period_label(report.period_start, report.period_end),
            heading=self.heading,
            **kwargs,
        )

    def call(self, data):
        raise NotImplementedError

    def form_valid(self, form):
        made = self.run_service(form, lambda: self.call(form.cleaned_data))
        if made is None:
            return self.form_invalid(form)
        messages.success(self.request, self.success)
        return redirect(made.get_absolute_url())


class ReportSubmitView(ReportStepView):
    form_class = ReportSubmitForm

    @property
    def heading(self):
        return _("Submit the report")

    @property
    def success(self):
        return _("The report is recorded as submitted.")

    def get_initial(self):
        return {"submitted_on": timezone.localdate()}

    def call(self, data):
        return services.report_submit(
            actor=self.request.user,
            report=self.object,
            submitted_on=data["submitted_on"],
            submitted_to=data["submitted_to"],
        )


class ReportAcceptView(ReportStepView):
    form_class = ReportAcceptForm

    @property
    def heading(self):
        return _("Record the client's acceptance")

    @property
    def success(self):
        return _("The report is recorded as accepted.")

    def get_initial(self):
        return {"accepted_on": timezone.localdate()}

    def call(self, data):
        return services.report_accept(
            actor=self.request.user,
            report=self.object,
            accepted_on=data["accepted_on"],
        )


class ReportCorrectView(ReportStepView):
    form_class = ReportCorrectForm

    @property
    def heading(self):
        return _("Correct the report (a new revision)")

    @property
    def success(self):
        return _("A new revision was made with the same counts; correct them here.")

    def call(self, data):
        return services.report_correct(
            actor=self.request.user, report=self.object, reason=data["reason"]
        )

    def form_valid(self, form):
        made = self.run_service(form, lambda: self.call(form.cleaned_data))
        if made is None:
            return self.form_invalid(form)
        messages.success(self.request, self.success)
        return redirect("business:report_edit", pk=made.pk)


def _export_columns():
    return [
        Column(_("Indicator"), lambda row: row.indicator.name),
        Column(_("Kind"), lambda row: row.indicator.get_kind_display()),
        Column(_("Unit"), lambda row: row.indicator.unit),
        Column(_("Value"), lambda row: row.number),
        Column(_("Monthly rate per 100,000"), lambda row: row.rate),
        Column(_("Definition"), lambda row: row.indicator.definition),
    ]


class ReportExportView(ReportMixin, View):
    """The report as the standard XLSX: indicators, values, ratios and rates."""

    def get(self, request, pk):
        report = self.object
        rows = selectors.report_rows(report)
        for row in rows:
            if row.rate:
                row.rate = float(row.rate)
        return export_response(
            actor=request.user,
            what=_("Period report"),
            columns=_export_columns(),
            rows=rows,
            file_format="xlsx",
            filename=f"report-{report.pk}-r{report.revision}",
            filters=f"report={report.pk}",
        )


class ReportPdfView(ReportMixin, View):
    """The 実績報告書; ``?era=wareki`` writes its dates in the Japanese era."""

    def get(self, request, pk):
        report = self.object
        wareki = request.GET.get("era") == "wareki"
        start, end = report.period_start, report.period_end
        rows = selectors.report_rows(report)
        content = render_pdf(
            "business/reports/pdf/report.html",
            {
                "report": report,
                "rows": rows,
                "has_rates": any(row.indicator.per_100k for row in rows),
                "site_totals": selectors.site_totals(report.programme, start, end),
                "year_text": format_fiscal_year(fiscal_year(start), wareki=wareki),
                "period_text": selectors.period_label_wareki(start, end)
                if wareki
                else selectors.period_label(start, end),
                "submitted_text": format_date(report.submitted_on, wareki=wareki),
                "issued_text": format_date(timezone.localdate(), wareki=wareki),
                "client": selectors.programme_client_name(
                    report.programme, report.contract
                ),
                "organization_name": settings.WCO_ORGANIZATION_NAME,
            },
        )
        return pdf_response(content, f"report-{report.pk}.pdf")


class TemplateFillView(ReportMixin, ServiceActionMixin, TemplateView):
    """The client's spreadsheet filled for this report: the page lists the
    placeholders it leaves; ``?download=1`` serves the copy (logged)."""

    template_name = "business/reports/template_fill.html"

    def resolve_object(self):
        super().resolve_object()
        self.template = selectors.template_get_for(
            user=self.request.user,
            pk=self.kwargs["template_pk"],
            perm="business.view_report",
        )
        if self.template.programme_id != self.object.programme_id:
            from django.http import Http404

            raise Http404

    def get(self, request, *args, **kwargs):
        wareki = request.GET.get("era", "wareki") == "wareki"
        if request.GET.get("download") != "1":
            return super().get(request, *args, **kwargs)
        done, made = self.run_action(
            lambda: services.template_fill(
                actor=request.user,
                template=self.template,
                report=self.object,
                wareki=wareki,
            )
        )
        if not done:
            return redirect(self.object.get_absolute_url())
        content, _unknown = made
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            True, f"{self.template.name}_{self.object.period_start:%Y%m}.xlsx"
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    def get_context_data(self, **kwargs):
        report = self.object
        unknown = services.template_unknown_for(self.template, report)
        return super().get_context_data(
            report=report,
            template=self.template,
            unknown=unknown,
            period=selectors.period_label(report.period_start, report.period_end),
            **kwargs,
        )
