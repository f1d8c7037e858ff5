"""What the fund's awards part plugs into registries (called from ``NetworkConfig.ready()``):
page parts (``network.fund.parts``), panels, file owners, audit words, handlers."""

from django.utils.translation import gettext_lazy as _


def application_part(application, user):
    """The award of the application, its state and what is paid, with a link."""
    from . import selectors_awards as selectors
    from .models import Award

    # Only an awarded application has an award (the board's handler makes both).
    if application is None or application.status != application.Status.AWARDED:
        return None
    award = selectors.award_queryset().filter(application_id=application.pk).first()
    if award is None or not user.has_perm("network.view_fund_award", award):
        return None
    award.unpaid_total = -award.payable_balance
    return {"award": award, "awaiting": award.status == Award.Status.AWAITING_AMOUNT}


def dashboard_part(obj, user):
    """Prepared payments waiting for another secretariat member's confirmation."""
    from . import selectors_awards as selectors

    if not user.has_perm("network.manage_fund_award"):
        return None
    return {"payments": selectors.payments_awaiting_confirmation(), "viewer": user}


AUDIT_ACTIONS = {
    "fund_award.amount": _("set the amount of an award"),
    "fund_award.update": _("changed an award's payment or report due date"),
    "fund_payment.prepare": _("prepared a payment of an award"),
    "fund_payment.confirm": _("confirmed a payment of an award"),
    "fund_payment.cancel": _("cancelled a payment of an award"),
    "fund_change.create": _("requested a change of plan"),
    "fund_change.approve": _("approved a change of plan"),
    "fund_change.refuse": _("refused a change of plan"),
    "fund_report.save": _("saved a draft of the final report"),
    "fund_report.submit": _("handed in the final report"),
    "fund_report.accept": _("accepted the final report"),
    "fund_award.refund": _("recorded the refund of an award"),
    "fund_award.settle": _("settled an award"),
}


def register():
    from wco_sse.core.audit import register_audit_actions
    from wco_sse.core.files import register_file_owner

    from .models import FinalReport
    from .parts import register_part

    register_part(
        "application",
        order=30,
        template="network/fund/awards/_application_part.html",
        context=application_part,
    )
    register_part(
        "dashboard",
        order=40,
        template="network/fund/awards/_dashboard_part.html",
        context=dashboard_part,
    )
    # The report's evidence files: read with the award, attached by who reports.
    register_file_owner(
        FinalReport, view="network.view_fund_report", edit="network.edit_fund_report"
    )
    register_audit_actions(AUDIT_ACTIONS)
