"""What the support section's talent part plugs into registries (audit words, panels,
file owners, subject handlers); called from ``SupportConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "talent.profile_create": _("registered the talent bank profile"),
    "talent.profile_update": _("changed the talent bank profile"),
    "talent.consent_renew": _("renewed the consent to the talent bank"),
    "talent.profile_confirm": _("confirmed the talent bank profile"),
    "talent.profile_withdraw": _("withdrew the talent bank profile"),
    "talent.profile_dormant": _("rested the talent bank profile (no answer)"),
    "talent.qualification_add": _("added a qualification"),
    "talent.qualification_update": _("changed a qualification"),
    "talent.qualification_delete": _("removed a qualification"),
    "talent.qualification_verify": _("verified a qualification"),
    "talent.qualification_list_save": _("saved the list's qualification"),
}


def _my_talent(person, user):
    from .selectors.talent import talent_panel

    profile, expiring = talent_panel(person=person)
    return {"profile": profile, "expiring": expiring}


def ready():
    from members.panels import MY_PAGE, Panel, register_panel
    from wco_sse.core.audit import register_audit_actions
    from wco_sse.core.files import register_file_owner

    from .models import HeldQualification

    register_audit_actions(AUDIT_ACTIONS)
    register_file_owner(
        HeldQualification,
        view="support.view_qualification_evidence",
        edit="support.edit_held_qualification",
    )
    register_panel(
        MY_PAGE,
        Panel(
            "talent",
            _("Talent bank"),
            "support/panels/talent_my_profile.html",
            _my_talent,
            order=55,
            permission="support.keep_own_talent_profile",
            depends_on=(
                "support.talentprofile",
                "support.heldqualification",
                "support.qualification",
            ),
            # "Expiring within sixty days" moves with the date.
            dated=True,
        ),
    )
