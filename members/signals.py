from allauth.account.adapter import get_adapter
from allauth.account.signals import email_added
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wco_sse.core.signals import data_reloaded, rows_changed

from .middleware import SESSION_SEEN, SESSION_STARTED
from .models import Affiliation, Organization, Person, RoleAssignment
from .roles import roles_changed
from .second_factor import second_factor_changed


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_SEEN, None)
        request.session.pop(SESSION_STARTED, None)


@receiver(post_save, sender=Authenticator, dispatch_uid="second-factor-saved")
@receiver(post_delete, sender=Authenticator, dispatch_uid="second-factor-deleted")
def _authenticator_changed(sender, instance, **kwargs):
    # Whoever adds or removes it (allauth's pages, the admin, a shell): the gate asks
    # the database again on the next request.
    second_factor_changed(instance.user_id)


@receiver(email_added, dispatch_uid="email-added-notice")
def _email_added(sender, request, user, email_address, **kwargs):
    # allauth asks the new address to confirm itself; the address in use is told too.
    get_adapter(request).send_notification_mail(
        "account/email/email_added", user, {"added_email": email_address.email}
    )


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
    roles_changed()  # and with it every remembered second factor
