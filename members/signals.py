from allauth.mfa.signals import authenticator_removed
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

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


def _roles_changed(sender, **kwargs):
    roles_changed()


# What a role snapshot is made of (members.roles.compute_snapshot).
for _model in (Person, RoleAssignment, Affiliation, Organization, get_user_model()):
    post_save.connect(_roles_changed, sender=_model, dispatch_uid=f"roles-{_model}")
    post_delete.connect(_roles_changed, sender=_model, dispatch_uid=f"roles-{_model}-")
