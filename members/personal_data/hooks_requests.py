"""What the personal-data requests part plugs into registries (audit words, panels);
called from ``MembersConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "privacy.request_create": _("asked about their personal data"),
    "privacy.request_record": _("recorded a personal-data request"),
    "privacy.request_withdraw": _("withdrew the personal-data request"),
    "privacy.request_progress": _("took the personal-data request in hand"),
    "privacy.request_close": _("closed the personal-data request"),
    "privacy.request_refuse": _("declined the personal-data request"),
}


def _my_requests(person, user):
    from .requests import privacy_requests_of

    return {"requests": list(privacy_requests_of(person_id=person.pk)[:10])}


def ready():
    from members.panels import MY_PAGE, Panel, register_panel
    from wco_sse.core.audit import register_audit_actions

    register_audit_actions(AUDIT_ACTIONS)
    register_panel(
        MY_PAGE,
        Panel(
            "privacy_requests",
            _("Disclosure, correction and erasure of personal data"),
            "members/privacy/requests_panel.html",
            _my_requests,
            order=90,
            permission="members.request_own_privacy",
            depends_on=("members.privacyrequest",),
        ),
    )
