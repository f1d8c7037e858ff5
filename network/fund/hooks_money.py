"""What the fund's money part plugs into registries (called from ``NetworkConfig.ready()``):
page parts (``network.fund.parts``), panels, file owners, audit words, handlers."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "fund_source.create": _("added a source of the fund"),
    "fund_source.update": _("changed a source of the fund"),
    "fund_contribution.record": _("recorded a contribution to the fund"),
    "fund_contribution.import": _("recorded contributions from a transfer list"),
    "fund_ledger.reverse": _("reversed a transaction of the fund's books"),
}


def books_part_context(obj, user):
    """The dashboard's "books" part: cash and net assets, for those who read the
    books (two queries)."""
    if not user.has_perm("network.view_fund_ledger"):
        return None
    from django.db.models import Sum

    from .models import LedgerAccount, LedgerLine

    totals = dict(
        LedgerLine.objects.filter(
            account__kind__in=(LedgerAccount.Kind.CASH, LedgerAccount.Kind.NET_ASSETS)
        )
        .values("account__kind")
        .annotate(total=Sum("amount"))
        .values_list("account__kind", "total")
    )
    return {
        "cash": totals.get(LedgerAccount.Kind.CASH) or 0,
        "net_assets": -(totals.get(LedgerAccount.Kind.NET_ASSETS) or 0),
        "can_record": user.has_perm("network.record_contribution"),
    }


def register():
    from wco_sse.core.audit import register_audit_actions

    from .parts import register_part

    register_audit_actions(AUDIT_ACTIONS)
    register_part(
        "dashboard",
        order=10,
        template="network/fund/money/_dashboard_part.html",
        context=books_part_context,
    )
