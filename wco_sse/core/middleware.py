from django.conf import settings
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect


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
