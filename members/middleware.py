import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .roles import roles_of
from .second_factor import has_second_factor, needs_mailbox_proof

SESSION_STARTED = "wco_session_started"
SESSION_SEEN = "wco_session_seen"
# Paths a user must reach while being sent to set up a second factor.
_SECOND_FACTOR_EXEMPT = ("/accounts/", "/static/", "/healthz", "/i18n/", "/privacy/")


class StaffSessionTimeoutMiddleware:
    """People who hold a role are signed out after an idle time and an absolute lifetime.

    The last-seen time is written at most once a minute so that ordinary page views
    don't each write the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and (
            roles_of(user).requires_second_factor or user.is_staff
        ):
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            seen = session.get(SESSION_SEEN, now)
            idle = settings.WCO_STAFF_SESSION_IDLE_SECONDS
            lifetime = settings.WCO_STAFF_SESSION_MAX_SECONDS
            if now - seen > idle or now - started > lifetime:
                logout(request)
                messages.info(
                    request, _("Your session has ended. Please sign in again.")
                )
                return redirect_to_login(request.get_full_path())
            if now - seen >= 60 or SESSION_SEEN not in session:
                session[SESSION_SEEN] = now
        return self.get_response(request)


class RequireSecondFactorMiddleware:
    """Send a user whose roles require a second factor, and who has none, to set one up;
    and anyone setting up their account's first one to prove their mailbox first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Before allauth's page reads anything, a GET and a POST alike; after the CSRF
        # check (process_view runs in MIDDLEWARE order), so a forged POST is refused.
        if needs_mailbox_proof(request):
            confirm = reverse("members:mailbox_confirm")
            next_path = request.get_full_path() if request.method == "GET" else ""
            return redirect(
                f"{confirm}?{urlencode({'next': next_path or request.path})}"
            )
        return None

    def __call__(self, request):
        if settings.WCO_REQUIRE_SECOND_FACTOR and self._must_set_up(request):
            messages.warning(
                request,
                _(
                    "Your role requires a second factor. Please add a passkey "
                    "(recommended) or an authenticator app before you continue."
                ),
            )
            if getattr(request, "htmx", False):
                # A fragment request reloads the whole page at the set-up page.
                return HttpResponseClientRedirect(reverse("mfa_index"))
            return redirect("mfa_index")
        return self.get_response(request)

    def _must_set_up(self, request):
        user = request.user
        if not user.is_authenticated or request.path.startswith(_SECOND_FACTOR_EXEMPT):
            return False
        if request.path == reverse("members:mailbox_confirm"):
            return False
        if not (roles_of(user).requires_second_factor or user.is_staff):
            return False
        return not has_second_factor(user)
