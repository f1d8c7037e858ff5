from django.conf import settings

from .navigation import navigation_for


def portal(request):
    return {
        "organization_name": settings.WCO_ORGANIZATION_NAME,
        "nav_items": lambda: navigation_for(request),
    }
