from allauth.mfa.signals import authenticator_removed
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from wco_sse.core.signals import data_reloaded, rows_changed

from .middleware import SESSION_SEEN, SESSION_STARTED, forget_second_factor
from .models import Affiliation, Organization, Person, RoleAssignment
from .roles import roles_changed


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_SEEN, None)
        request.session.pop(SESSION_STARTED, None)


@receiver(authenticator_removed)
def recheck_second_factor(sender, request, user, **kwargs):
    forget_second_factor(user.pk)


# What a role snapshot is made of (members.roles.compute_snapshot). A sign-in saves
# only the account's last_login, which the user model declares quiet: it renews nothing.
SNAPSHOT_MODELS = frozenset(
    {Person, RoleAssignment, Affiliation, Organization, get_user_model()}
)


@receiver(rows_changed, dispatch_uid="roles-rows")
def _rows_changed(sender, **kwargs):
    if sender in SNAPSHOT_MODELS:
        roles_changed()


@receiver(data_reloaded, dispatch_uid="roles-reloaded")
def _data_reloaded(sender, **kwargs):
    roles_changed()
