"""What governance services share beyond the platform: links in their emails."""

from django.conf import settings


def site_url(path):
    """The portal's address of ``path``, for links in emails."""
    return settings.WCO_SITE_URL + path
