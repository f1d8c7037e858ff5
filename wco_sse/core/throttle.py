"""How often one account, and one address, may send a form anyone can send.

A form open to every signed-in person (a consultation request, a course application,
a request to join a W.Co, a correction of one's own record) reaches the secretariat's
or an advisor's desk; without a limit one account, or one machine with many
accounts, could bury that desk. ``throttle_hit`` counts each sending that passes the form's
checks (one sent back for a mistake at a field counts for nothing) per account and
per client address (``client_ip``: the client behind our proxy), in fixed windows
kept in the cache (Redis in production), and refuses one above either limit with a
``ServiceError`` that the form shows at its top; a refused sending is not counted.

Limits are generous for a person and tight for a script: people send these forms a
few times a day. Sign-up, sign-in and password resets have allauth's limits
(``ACCOUNT_RATE_LIMITS``).
"""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from .clientip import client_ip
from .errors import ServiceError


@dataclass(frozen=True)
class Throttle:
    name: str
    per_account: int
    per_address: int
    window: int = 3600  # seconds


class Throttled(ServiceError):
    pass


def _keys(throttle, *, account, address, start):
    keys = []
    if account is not None and account.is_authenticated:
        keys.append(
            (
                f"throttle:{throttle.name}:account:{account.pk}:{start}",
                throttle.per_account,
            )
        )
    if address:
        keys.append(
            (
                f"throttle:{throttle.name}:address:{address}:{start}",
                throttle.per_address,
            )
        )
    return keys


def throttle_hit(throttle: Throttle, *, account, address: str) -> None:
    """Count one sending of ``throttle``'s form by ``account`` from ``address``, or
    refuse it (``Throttled``) when either has used up the window's allowance."""
    if not settings.WCO_FORM_THROTTLES:
        return
    now = time.time()
    start = int(now // throttle.window) * throttle.window
    keys = _keys(throttle, account=account, address=address, start=start)
    if any((cache.get(key) or 0) >= limit for key, limit in keys):
        minutes = max(1, math.ceil((start + throttle.window - now) / 60))
        raise Throttled(
            _(
                "This form has been sent too often in a short time. Please try again "
                "in %(minutes)s minutes, or contact the secretariat if it is urgent."
            )
            % {"minutes": minutes},
            code="throttled",
        )
    for key, _limit in keys:
        # add() starts the window's count (keeping one already there); incr() is
        # atomic in Redis, so sendings at the same moment are all counted.
        cache.add(key, 0, timeout=throttle.window)
        try:
            cache.incr(key)
        except ValueError:  # the window ended between the two calls
            cache.set(key, 1, timeout=throttle.window)


class ThrottledFormMixin:
    """A form view whose valid sendings count against ``throttle``: its
    ``form_valid`` begins with ``if self.throttled(form): return
    self.form_invalid(form)``."""

    throttle: Throttle | None = None

    def throttled(self, form) -> bool:
        """Count this sending; when it is one too many, say so at the top of the
        form and answer True."""
        if self.throttle is None:
            return False
        try:
            throttle_hit(
                self.throttle,
                account=self.request.user,
                address=client_ip(self.request),
            )
        except Throttled as error:
            form.add_error(None, error.message)
            return True
        return False
