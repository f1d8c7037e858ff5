"""Sign-in limits that nobody can turn against someone else.

Failed sign-ins are counted per client address and per account
(``ACCOUNT_RATE_LIMITS["login_failed"]``). The address is the client's, not the TLS
proxy's (``wco_sse.core.clientip``). The per-account count alone would let anyone keep
an officer out by failing on their address five times every five minutes, so a browser
that has signed in to an account carries a signed "known device" cookie, and its
attempts on that account are counted in a bucket of their own: a stranger's failures
lock out strangers, not the officer at their usual desk. The cookie is useless to a
guesser: it is signed, names its accounts only by a keyed digest, and a stolen one
still allows only five wrong passwords per five minutes; the per-address limit applies
to every attempt. (OWASP's "device cookies" against slow brute force; the reasons are
in docs/ARCHITECTURE.md, "Sign-in limits".)
"""

import json
import secrets

from allauth.account.signals import user_logged_in
from allauth.account.utils import filter_users_by_email
from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils.crypto import salted_hmac

from wco_sse.core.clientip import client_ip

COOKIE = "wco_known_device"
SALT = "members.signin_limits.known_device"
MAX_AGE = 180 * 24 * 3600
# A shared office computer: the accounts signed in there most recently.
MAX_ACCOUNTS = 5
# allauth's rate-limit bucket for sign-ins (its own name, so usage is shared with it).
ALLAUTH_ACCOUNT = "allauth.account"


def _digest(user_pk):
    return salted_hmac(SALT, str(user_pk)).hexdigest()[:32]


def _entries(request):
    """The cookie's [digest, nonce] pairs; none when it is missing, forged or expired."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
    if not value:
        return []
    try:
        entries = json.loads(value)
    except ValueError:
        return []
    if not isinstance(entries, list):
        return []
    return [
        entry
        for entry in entries
        if isinstance(entry, list)
        and len(entry) == 2
        and all(isinstance(part, str) for part in entry)
    ]


def known_device_nonce(request, email):
    """This browser's nonce for the account signing in with ``email``, if it has
    signed in to that account before."""
    entries = dict(_entries(request))
    if not entries or not email:
        return None
    for user in filter_users_by_email(email):
        nonce = entries.get(_digest(user.pk))
        if nonce:
            return nonce
    return None


@receiver(user_logged_in, dispatch_uid="members-known-device")
def remember_device(sender, request, response, user, **kwargs):
    """Every completed sign-in (second factor included) marks the browser as known to
    that account, with a fresh nonce: a fresh bucket for its failures."""
    if request is None or response is None:
        return
    digest = _digest(user.pk)
    entries = [entry for entry in _entries(request) if entry[0] != digest]
    entries.insert(0, [digest, secrets.token_urlsafe(16)])
    response.set_signed_cookie(
        COOKIE,
        json.dumps(entries[:MAX_ACCOUNTS]),
        salt=SALT,
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class SignInLimitsMixin:
    """For the account adapter: the client's address, and failed sign-ins from a known
    device counted apart from everybody else's."""

    def get_client_ip(self, request):
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def pre_authenticate(self, request, **credentials):
        # allauth's own, with the known device's bucket (allauth 65: the usage it
        # keeps is rolled back when the password is right).
        key = self._get_login_attempts_cache_key(request, **credentials)
        nonce = known_device_nonce(request, credentials.get("email"))
        if nonce:
            key = f"{key}:known-device:{nonce}"
        self._login_failed_rl_usage = ratelimit.consume(
            request, app=ALLAUTH_ACCOUNT, action="login_failed", key=key
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")
