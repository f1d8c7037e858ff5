"""Load at start what a process otherwise loads on its first requests.

A fresh gunicorn worker compiles every template, reads both translation catalogues
and builds the URL resolver as its first requests need them: a few hundred
milliseconds of CPU each, paid by the first people served after a deploy or a restart
(and, in a rush at opening time, by everyone queued behind them). ``warm()`` does it
once, when the WSGI application is loaded: in the gunicorn master with
``--preload`` (the workers then share it), in each worker otherwise; then it moves
everything loaded so far out of the garbage collector's sight (``gc.freeze``). It touches no
database, cache or file it writes, so it is safe before a fork.
"""

import gc
import importlib
import logging
import os
import time

from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver, reverse
from django.utils import translation

logger = logging.getLogger(__name__)

_SUFFIXES = (".html", ".txt")


def _template_names(engine):
    """Every template the engine's loaders can find, by name."""
    names = set()
    for loader in engine.template_loaders:
        for inner in getattr(loader, "loaders", [loader]):
            for directory in inner.get_dirs():
                directory = str(directory)
                for root, _dirs, files in os.walk(directory):
                    for name in files:
                        if name.endswith(_SUFFIXES):
                            path = os.path.join(root, name)
                            names.add(os.path.relpath(path, directory))
    return names


def _compile(backend):
    count = 0
    for name in sorted(_template_names(backend.engine)):
        try:
            backend.engine.get_template(name)
        except (TemplateSyntaxError, UnicodeDecodeError, LookupError) as error:
            # A third-party template that needs a library this project doesn't
            # load: it would fail on its first use as well, which is not ours.
            logger.debug("warm-up: %s not compiled (%s)", name, error)
            continue
        count += 1
    return count


def _clients():
    """Import what the first email queued and the first cache read import (the
    Celery producer, kombu's transport, the Redis client: about a quarter of a
    second). Objects only: every connection is opened by the process that uses it,
    after the fork."""
    from celery import current_app
    from django.core.cache import caches

    current_app.amqp  # noqa: B018  (the property builds the router and producer)
    current_app.connection_for_write()  # kombu's transport module; connects lazily
    current_app.finalize(auto=True)
    for task in list(current_app.tasks.values()):
        task.name  # noqa: B018  (evaluates the task's class, celery.contrib.django)
    # What apply_async imports on first use besides (results, events, signatures)
    # and the hostname's encoding.
    for module in ("celery.result", "celery.canvas", "celery.events.dispatcher"):
        importlib.import_module(module)
    "localhost".encode("idna")
    for alias in settings.CACHES:
        # Redis: the client object (its pools open on the first command).
        getattr(caches[alias], "_cache", None)


def warm():
    """Compile the templates (the project's engine and the forms' renderer's),
    read every language's catalogue, build the URL resolver and import the clients
    of the broker and the cache. Returns the number
    of templates compiled."""
    started = time.monotonic()
    backends = [*engines.all()]
    renderer_engine = getattr(get_default_renderer(), "engine", None)
    if renderer_engine is not None and renderer_engine not in backends:
        backends.append(renderer_engine)
    count = sum(_compile(backend) for backend in backends)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")
    get_resolver()
    reverse("home")
    _clients()
    # What is loaded now lives as long as the process: out of the collector's way
    # (each full collection walked all of it, about 3 ms of every request), and
    # in a forked worker, shared with the master rather than copied on first touch.
    gc.collect()
    gc.freeze()
    logger.info(
        "warm-up: %s templates compiled in %.1f s",
        count,
        time.monotonic() - started,
    )
    return count
