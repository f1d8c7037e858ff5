import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.shortcuts import resolve_url
from django.urls import get_resolver
from django.utils import translation
from django.utils.module_loading import import_string
from django_htmx.http import HttpResponseClientRedirect

# Django's own logger for a refused host, so that whoever silenced it still has.
host_logger = logging.getLogger("django.security.DisallowedHost")


class RefuseUnknownHostMiddleware:
    """A request for a host the portal does not serve gets the 400 page, with the
    headers every page carries.

    Django refuses such a host wherever ``request.get_host()`` is first asked: in the
    security middleware's HTTPS redirect, the common middleware or the CSRF check.
    From there the error page skipped the middleware that adds the security headers
    and rendered before the authentication middleware had set ``request.user``.
    Listed first, this asks before anything else does and gives the refusal the
    response side of the header middleware, in the order the settings list them.
    """

    HEADER_MIDDLEWARE = (
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "csp.middleware.CSPMiddleware",
        "wco_sse.core.middleware.PrivateByDefaultMiddleware",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        # Innermost first, as a response passes through them on its way out.
        self.header_middleware = [
            import_string(path)(get_response)
            for path in reversed(settings.MIDDLEWARE)
            if path in self.HEADER_MIDDLEWARE
        ]

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost as exc:
            return self.refuse(request, exc)
        return self.get_response(request)

    def refuse(self, request, exc):
        host_logger.error(str(exc), extra={"status_code": 400, "request": request})
        # No language was chosen yet: the page is in the portal's own.
        with translation.override(settings.LANGUAGE_CODE):
            handler = get_resolver().resolve_error_handler(400)
            response = handler(request, exception=exc)
        for middleware in self.header_middleware:
            response = middleware.process_response(request, response)
        return response


class PrivateByDefaultMiddleware:
    """No browser or proxy keeps a copy of a portal page unless its view says so.

    Case records, exports, the registry and the governance pages show other people's
    personal data, and so do pages reached by a link with a token, without a session:
    every response that sets no ``Cache-Control`` of its own is sent as ``private,
    no-store``. A view opts into caching with Django's ``cache_control`` decorator.
    Static files are served before this middleware and keep their lifetimes. Deciding
    by who is signed in would cost a query where the page did not load the user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        return self.process_response(request, response)

    def process_response(self, request, response):
        if "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request that ends at the sign-in page reloads the whole page there.

    Without this, htmx would follow the redirect and swap the sign-in form into
    whatever fragment the request was for.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.login_path = None

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code in (301, 302):
            if self.login_path is None:
                self.login_path = resolve_url(settings.LOGIN_URL)
            location = response.get("Location", "")
            if location.startswith(self.login_path):
                return HttpResponseClientRedirect(location)
        return response
