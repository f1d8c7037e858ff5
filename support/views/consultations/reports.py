"""The desk's figures for the year, and a person's disclosure export (APPI)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.exports import Column, export_response
from wco_sse.core.japan import format_fiscal_year
from wco_sse.core.views import InReachMixin

from ... import selectors
from ..common import export_format, sheet_safe, year_from

__all__ = ["ConsultationStatsView", "DisclosureExportView"]


class ConsultationStatsView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.view_consultation_stats"
    template_name = "support/consultation_stats.html"

    def get_context_data(self, **kwargs):
        year, years = year_from(self.request)
        stats = selectors.consultation_statistics(year=year)
        return super().get_context_data(
            year=year,
            years=years,
            year_label=format_fiscal_year(year),
            stats=stats,
            tallies=[
                (_("By topic"), stats["by_topic"]),
                (_("By channel"), stats["by_channel"]),
                (_("By state"), stats["by_status"]),
                (_("By outcome (closed cases)"), stats["by_outcome"]),
            ],
            **kwargs,
        )


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _disclosure_columns():
    """One row per confidential record (or per case without any)."""
    return [
        Column(_("Consultation"), lambda r: r["consultation"].pk),
        Column(_("Received at"), lambda r: _when(r["consultation"].created_at)),
        Column(_("Desk"), lambda r: r["consultation"].get_desk_display()),
        Column(_("Topic"), lambda r: r["consultation"].get_topic_display()),
        Column(_("Channel"), lambda r: r["consultation"].get_channel_display()),
        Column(_("What it is about"), lambda r: r["consultation"].description),
        Column(_("State"), lambda r: r["consultation"].get_status_display()),
        Column(_("Outcome"), lambda r: r["consultation"].get_outcome_display()),
        Column(_("Referred to"), lambda r: r["consultation"].referred_to),
        Column(_("Advisor"), lambda r: str(r["consultation"].advisor or "")),
        Column(
            _("Record written at"),
            lambda r: _when(r["record"].created_at) if r["record"] else "",
        ),
        Column(
            pgettext("case record text", "Record"),
            lambda r: r["record"].body if r["record"] else "",
        ),
    ]


def _disclosure_rows(cases):
    rows = []
    for consultation, records in cases:
        if not records:
            rows.append({"consultation": consultation, "record": None})
        rows.extend({"consultation": consultation, "record": r} for r in records)
    return rows


class DisclosureExportView(LoginRequiredMixin, InReachMixin, View):
    """A person's own consultations with their confidential records, for a
    disclosure request (APPI): run by the secretary-general (404 to anyone else);
    the export and each case's read are logged."""

    def get_object(self):
        return selectors.disclosure_person_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def get(self, request, pk):
        person = self.object
        cases = selectors.consultation_disclosure(user=request.user, person=person)
        return export_response(
            actor=request.user,
            what=sheet_safe(
                _("Disclosure of the consultations of %(person)s") % {"person": person}
            ),
            columns=_disclosure_columns(),
            rows=_disclosure_rows(cases),
            file_format=export_format(request),
            filename=f"disclosure-consultations-{person.pk}",
            filters=f"person={person.pk}",
        )
