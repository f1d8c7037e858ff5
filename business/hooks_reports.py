"""What the reports part of the business section plugs into (file owners, panels,
audit words, subject handlers): imported by `BusinessConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from wco_sse.core.audit import register_audit_actions
from wco_sse.core.files import register_file_owner

from . import tasks_reports  # noqa: F401  (the worker knows the reminder task)
from .models import ReportTemplate

AUDIT_ACTIONS = {
    "business.indicator_set.create": _("recorded the set of indicators"),
    "business.indicator_set.confirm": _(
        "confirmed the set of indicators against the specification"
    ),
    "business.indicator_version.create": _("made a new version of the indicators"),
    "business.indicator.add": _("added an indicator"),
    "business.indicator.update": _("changed an indicator"),
    "business.indicator.remove": _("removed an indicator"),
    "business.programme_indicators.set": _("chose the indicators for a fiscal year"),
    "business.report.create": _("started a period report"),
    "business.report.values": _("entered the counts of a period report"),
    "business.report.submit": _("recorded a period report as submitted"),
    "business.report.accept": _("recorded a period report as accepted"),
    "business.report.correct": _("corrected a period report (a new revision)"),
    "business.template.upload": _("uploaded a client's report template"),
}

register_audit_actions(AUDIT_ACTIONS)
# A client's spreadsheet: read with the reports, changed by those who run them.
register_file_owner(
    ReportTemplate, view="business.view_report", edit="business.manage_report"
)
