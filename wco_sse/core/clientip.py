"""The address of the client behind a request, the one helper for it.

Behind the TLS proxy every request's peer (``REMOTE_ADDR``) is the proxy, so anything
counted per address (sign-in limits, throttles) would count the whole site as one
client. The proxy says whom it served in ``X-Forwarded-For``, but so can anybody who
reaches gunicorn directly, and every hop appends to what it received: only the entries
written by proxies of ours are true. ``WCO_TRUSTED_PROXY_COUNT`` says how many of ours
stand in front of gunicorn (README, "Production"); with the default 0 the header is
ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address: ``REMOTE_ADDR``, or with n trusted proxies the n-th entry of
    ``X-Forwarded-For`` from the right (what the outermost of ours saw).

    The entries left of that one are the client's own words and are never read. A header
    shorter than n hops was still written by our own proxies, so its first entry is the
    best address known. An entry that is not an address falls back to the peer.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    count = settings.WCO_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded.strip():
        hops = forwarded.split(",")
        address = _address(hops[max(len(hops) - count, 0)])
        if address:
            return address
    return _address(peer) or peer


def _address(text):
    """``text`` as a canonical IP address, without a port or IPv6 brackets; or "" if it
    is none."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""
