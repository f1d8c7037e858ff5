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

from allauth.mfa.models import Authenticator
from django.core.cache import cache

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
