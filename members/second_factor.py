"""Whether an account has a second factor (a passkey or an authenticator app), for the
gate every request of a role holder passes.

The answer "yes" is kept in the shared cache so that a page costs no query for it,
under two version stamps (``wco_sse.core.versions``): the account's own, which any save
or delete of one of its authenticators renews, by whatever path (allauth's pages, the
secretariat's reset, the admin, a shell, ``QuerySet.delete()``: Django sends
``post_delete`` for each row), and the registry's roles version, which a reload of the
data (a restore, ``seed_demo``) and any change of accounts or roles renews. A stamp is read before the database, so an answer read
from rows that a concurrent commit removes is stored under the old stamp and never
served. "No" is never cached: an authenticator added by any path, ``bulk_create``
included, counts from the next request.
"""

import time

from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.urls import reverse

from wco_sse.core import versions

from .roles import VERSION_KEY as _ROLES_KEY

_ANSWER_SECONDS = 3600


def _user_key(user_id):
    return f"second-factor:{user_id}"


def _answer_key(user_id):
    return f"second-factor-ok:{user_id}"


def has_second_factor(user) -> bool:
    """Whether ``user`` has a passkey or TOTP (recovery codes alone are not one)."""
    stamp_keys = [_ROLES_KEY, _user_key(user.pk)]
    answer_key = _answer_key(user.pk)
    versions.flush()
    found = cache.get_many([*stamp_keys, answer_key])
    if any(key not in found for key in stamp_keys):
        found.update(versions.read(stamp_keys))
    stamps = (found[_ROLES_KEY], found[_user_key(user.pk)])
    if found.get(answer_key) == stamps:
        return True
    has_one = (
        Authenticator.objects.filter(user_id=user.pk)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )
    if has_one:
        cache.set(answer_key, stamps, _ANSWER_SECONDS)
    return has_one


def second_factor_changed(user_id):
    """The authenticators of account ``user_id`` changed: ask the database again."""
    versions.renew(_user_key(user_id))


# --- Proof of the mailbox before the first second factor -------------------------------
# A stolen password alone must not be enough to enrol a second factor on an account that
# has none yet (which would then lock out its owner): the first one is set up only after
# a code sent to the account's confirmed address has been typed in. The proof lasts a
# quarter of an hour, in this session only.

PROOF_SESSION_KEY = "wco_mailbox_proof"
PROOF_SECONDS = 15 * 60
_ENROLMENT_URL_NAMES = ("mfa_activate_totp", "mfa_add_webauthn")


def mailbox_proof_grant(request):
    request.session[PROOF_SESSION_KEY] = {
        "user": request.user.pk,
        "until": int(time.time()) + PROOF_SECONDS,
    }


def _mailbox_proven(request):
    proof = request.session.get(PROOF_SESSION_KEY) or {}
    return proof.get("user") == request.user.pk and proof.get("until", 0) > time.time()


def needs_mailbox_proof(request) -> bool:
    """Whether ``request`` would add an account's first second factor (TOTP or a
    passkey, through allauth's pages) without a fresh proof of its mailbox."""
    user = request.user
    if not user.is_authenticated or not request.path_info.startswith(
        reverse("mfa_index")
    ):
        return False
    if request.path_info not in {reverse(name) for name in _ENROLMENT_URL_NAMES}:
        return False
    return not has_second_factor(user) and not _mailbox_proven(request)
