import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from members.roles import roles_of
from members.selectors import person_for_user

from .core import dashboard

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = person_for_user(self.request.user)
        context["snapshot"] = roles_of(self.request.user)
        if self.request.user.is_authenticated:
            context["waiting"] = dashboard.waiting_for(self.request)
            context["tiles"] = dashboard.tiles_for(self.request)
        return context


class PrivacyView(TemplateView):
    template_name = "privacy.html"


@never_cache
def healthz(request):
    """200 when the database (and Redis, where configured) answer; 503 otherwise.

    The body says nothing about which part failed: anonymous callers see no internals.
    """
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unavailable")
        healthy = False
    if healthy and settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
        except Exception:
            logger.exception("Health check: Redis unavailable")
            healthy = False
    if healthy:
        return HttpResponse("ok\n", content_type="text/plain")
    return HttpResponse("unavailable\n", status=503, content_type="text/plain")


@requires_csrf_token
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No context processors: whatever broke must not break the error page too.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
