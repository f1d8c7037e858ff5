"""Parts of the fund's pages that other parts of the fund fill.

The fund's pages are each built by one part of the code (the application page by the
applications' views), but show what other parts know: the review on the application
page, the award on it, the books on the dashboard. Each part registers what it adds,
in its ``hooks_*.register()`` (called from ``NetworkConfig.ready()``):

    register_part("application", order=20, template="network/fund/review/_part.html",
                  context=review_part_context)

``context(obj, user)`` returns the template's context, or None to show nothing (the
viewer may not see that part). Pages: ``dashboard`` (obj None), ``round``,
``application``, ``award``. A page renders ``parts_for(page, obj, user)``, in order:
``{% for part in parts %}{% include part.template with part=part %}{% endfor %}``.
"""

from collections.abc import Callable
from dataclasses import dataclass

PAGES = ("dashboard", "round", "application", "award")


@dataclass(frozen=True)
class Part:
    page: str
    order: int
    template: str
    context: Callable


_parts: dict[str, list[Part]] = {page: [] for page in PAGES}


def register_part(page: str, *, order: int, template: str, context: Callable) -> None:
    if page not in _parts:
        raise ValueError(f"unknown fund page {page!r}")
    parts = [p for p in _parts[page] if p.template != template]
    parts.append(Part(page=page, order=order, template=template, context=context))
    _parts[page] = sorted(parts, key=lambda p: (p.order, p.template))


def parts_for(page: str, obj, user) -> list[dict]:
    shown = []
    for part in _parts[page]:
        context = part.context(obj, user)
        if context is not None:
            shown.append({"template": part.template, **context})
    return shown
