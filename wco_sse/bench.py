"""Benchmark mode only (``WCO_BENCH_INSECURE_LOOPBACK``; see settings and ``make bench``).

Nothing here is reachable in a normal deployment: the middleware is installed and the
bare view's URL exists only in benchmark mode.
"""

import ipaddress

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseForbidden
from django.views.generic import TemplateView

from members.models import Organization


def is_loopback(address):
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class LoopbackOnlyMiddleware:
    """Refuse every request that does not come from this machine.

    Benchmark mode turns off Secure cookies and the SSL redirect; should its server be
    bound to a public interface by mistake, nobody else gets a page from it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The peer itself, not wco_sse.core.clientip: no proxy stands in front of a
        # benchmark, and a header must not open it to another machine.
        if not is_loopback(request.META.get("REMOTE_ADDR", "")):
            return HttpResponseForbidden(
                "Benchmark mode answers loopback only.\n", content_type="text/plain"
            )
        return self.get_response(request)


class BareView(LoginRequiredMixin, TemplateView):
    """The ceiling of this stack: one row read, a tiny template, the full middleware
    and a signed-in session. Every page's throughput is compared with it."""

    template_name = "bench/bare.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organization=Organization.objects.only("name").order_by("pk").first(),
            **kwargs,
        )
