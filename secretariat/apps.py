from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "secretariat"
    verbose_name = _("Secretariat")

    def ready(self):
        from wco_sse.core.audit import register_audit_actions

        from .audit_labels import AUDIT_ACTIONS

        register_audit_actions(AUDIT_ACTIONS)
        from wco_sse.core.files import register_file_owner

        from . import home, panels  # noqa: F401  (home: registers its home page parts)
        from .models import AgendaItem, Body, Minutes

        register_file_owner(
            AgendaItem,
            view="secretariat.view_item_files",
            edit="secretariat.edit_item_files",
        )
        register_file_owner(
            Minutes,
            view="secretariat.view_minutes_record",
            edit="secretariat.manage_minutes_record",
        )
        # A body's documents (BodyDocument) are files attached to the body.
        register_file_owner(
            Body,
            view="secretariat.view_body_documents",
            edit="secretariat.manage_body_documents",
        )
        panels.register()
        register_holdovers()
        # What its models hold of people (issue 16).
        from . import privacy  # noqa: F401


def register_holdovers():
    """Directors and auditors holding over keep the board's reach (DESIGN): the
    role snapshot asks the board's rule; a change of the board's minimums renews
    every snapshot."""
    from members.models import Role
    from members.models.roles import DIRECTOR_ROLES
    from members.roles import register_holdover_source, roles_changed
    from wco_sse.core.signals import rows_changed

    from .membership import board_holdovers
    from .models import Body

    def source(person_id, day):
        body = Body.objects.statutory(Body.Kind.BOARD)
        return {(role, "") for role in board_holdovers(body, day).get(person_id, ())}

    def everyone(day):
        return board_holdovers(Body.objects.statutory(Body.Kind.BOARD), day)

    register_holdover_source((*DIRECTOR_ROLES, Role.AUDITOR), source, everyone=everyone)

    def board_rules_changed(sender, **kwargs):
        if sender is Body:
            roles_changed()

    rows_changed.connect(
        board_rules_changed, weak=False, dispatch_uid="secretariat-board-minimums"
    )
