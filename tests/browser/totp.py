"""RFC 6238 time-based one-time passwords, as an authenticator app computes them."""

import base64
import hashlib
import hmac
import struct
import time

STEP = 30
DIGITS = 6


def totp(secret, at=None):
    """The code for base32 ``secret`` at Unix time ``at`` (now by default)."""
    counter = int(time.time() if at is None else at) // STEP
    key = base64.b32decode(secret.replace(" ", "").upper(), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**DIGITS:0{DIGITS}d}"


def fresh_totp(secret, margin=6.0):
    """The current code, waiting for the next step first when this one is about to end.

    The server accepts only the current step's code (allauth's default tolerance is
    0), so a code typed in its last seconds could expire before the form arrives.
    """
    remaining = STEP - time.time() % STEP
    if remaining < margin:
        time.sleep(remaining + 0.1)
    return totp(secret)
