from allauth.mfa.signals import authenticator_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import SESSION_SEEN, SESSION_STARTED, forget_second_factor


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_SEEN, None)
        request.session.pop(SESSION_STARTED, None)


@receiver(authenticator_removed)
def recheck_second_factor(sender, request, user, **kwargs):
    forget_second_factor(user.pk)
