"""The home page's parts: what waits for the viewer, and the tiles an app adds.

The home page (the project's wiring) knows no app: each app registers, in its
AppConfig.ready(),

- ``Waiting`` lines: one count of what waits for someone who holds ``permission``
  (requests to confirm, items to place, cases without an advisor...), with the page
  that lists them;
- ``Tile``s: a card with its own template (the next meeting and its items...).

Each line or tile loads what it shows in a fixed number of queries and is cached
for its viewer (``core.fragments``) until what it ``depends_on`` changes, so the home
page's query count depends on the number of parts, never on the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.template.loader import render_to_string

from . import fragments


@dataclass(frozen=True)
class Waiting:
    key: str
    label: str
    count: Callable  # (user) -> int
    url: Callable  # () -> the page that lists them
    permission: str
    depends_on: tuple
    order: int = 100


@dataclass(frozen=True)
class Tile:
    key: str
    title: str
    template: str
    load: Callable  # (user) -> dict, or None to show nothing
    depends_on: tuple
    permission: str | None = None
    order: int = 100


@dataclass(frozen=True)
class RenderedTile:
    key: str
    title: str
    html: str


_waiting: list[Waiting] = []
_tiles: list[Tile] = []


def _register(registry, part):
    if any(existing.key == part.key for existing in registry):
        raise ValueError(f"{part.key!r} is registered twice on the home page.")
    registry.append(part)
    registry.sort(key=lambda p: (p.order, p.key))


def register_waiting(line: Waiting):
    _register(_waiting, line)


def register_tile(tile: Tile):
    _register(_tiles, tile)


def _render_waiting(line, request):
    count = line.count(request.user)
    return render_to_string(
        "partials/waiting_line.html",
        {"line": line, "count": count, "url": line.url()},
        request=request,
    )


def _render_tile(tile, request):
    context = tile.load(request.user)
    if context is None:
        return None
    return render_to_string(tile.template, {"tile": context}, request=request)


def waiting_for(request):
    """The lines of what waits for ``request``'s user, rendered (HTML list items)."""
    user = request.user
    lines = [line for line in _waiting if user.has_perm(line.permission)]
    return [
        html
        for html in fragments.cached_many(
            request,
            [
                fragments.Fragment(
                    f"home:waiting:{line.key}",
                    line.depends_on,
                    (),
                    partial(_render_waiting, line, request),
                )
                for line in lines
            ],
        )
        if html is not None
    ]


def tiles_for(request):
    """The tiles ``request``'s user may see, rendered."""
    user = request.user
    tiles = [t for t in _tiles if not t.permission or user.has_perm(t.permission)]
    html = fragments.cached_many(
        request,
        [
            fragments.Fragment(
                f"home:tile:{tile.key}",
                tile.depends_on,
                (),
                partial(_render_tile, tile, request),
            )
            for tile in tiles
        ],
    )
    return [
        RenderedTile(tile.key, tile.title, content)
        for tile, content in zip(tiles, html, strict=True)
        if content is not None
    ]
