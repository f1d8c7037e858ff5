"""Kept HTML holds no form token: the token is put in as each response leaves.

A page or fragment kept in the cache (``core.fragments``, ``CachedPageMixin``) is
served to its viewer again, in later sessions too. A form token in it would be the
token of the session that rendered it: after signing in again (Django renews the
CSRF secret then), the kept forms would be refused, so every stamp had to include
the CSRF secret and every new session rendered every page anew.

Instead, while a request passes ``FormTokenMiddleware``, templates render
``{% csrf_token %}`` and ``{{ csrf_token }}`` as a placeholder, and the middleware
replaces the placeholder in the response with a token of the request's own secret
(``get_token``, which also has the CSRF middleware set the cookie). The placeholder
is derived from ``SECRET_KEY``: no one can write it into content that others read
(where it would become their token), and it is never sent to a browser. It has a
masked token's length, so the response's length stays as it was.
"""

from functools import cache

from django.conf import settings
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac

_MARK = "_form_token_placeholder"


@cache
def _placeholder_for(secret_key):
    return salted_hmac(
        "wco.csrf.placeholder", "kept-html", secret=secret_key, algorithm="sha256"
    ).hexdigest()


def placeholder():
    """The 64 characters kept HTML holds where a form token goes."""
    return _placeholder_for(settings.SECRET_KEY)


def form_token(request):
    """Context processor, listed last: the placeholder as ``csrf_token`` while the
    request passes ``FormTokenMiddleware`` (an error page answered before it, for a
    host the portal does not serve, keeps Django's own token)."""
    if getattr(request, _MARK, False):
        return {"csrf_token": placeholder()}
    return {}


class FormTokenMiddleware:
    """Listed right after ``CsrfViewMiddleware``: marks the request, then puts a
    token of the request's CSRF secret where the response holds the placeholder."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        setattr(request, _MARK, True)
        response = self.get_response(request)
        if response.streaming:
            return response
        mark = placeholder().encode()
        if mark in response.content:
            response.content = response.content.replace(
                mark, get_token(request).encode()
            )
        return response
