"""What governance services share beyond the platform: links in their emails, and
the check of who runs a body."""

from django.conf import settings

from wco_sse.core.errors import require


def require_runs(actor, body, *, statutory="secretariat.manage_meetings"):
    """Refuse unless ``actor`` runs ``body``: an ad-hoc body by ``secretariat.run_body``
    (the secretariat, or a member of its section); a statutory body, or none (a
    resolution without a meeting), by the secretariat's ``statutory`` permission."""
    if body is not None and body.is_ad_hoc:
        require(actor, "secretariat.run_body", body)
    else:
        require(actor, statutory)


def site_url(path):
    """The portal's address of ``path``, for links in emails."""
    return settings.WCO_SITE_URL + path
