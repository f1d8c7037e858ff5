"""``{% url %}`` as Django's, remembering the paths it has built; built into every
template after Django's own tags, so it stands in for theirs.

A list page writes a link per row, and Django's ``reverse`` costs some 20–40 µs
each (the resolver's candidates, a regular expression per call): a page of 150 rows
spent a third of its time there. The URL patterns don't change while a process
runs, so the path for a view and its arguments is the same every time: it is kept
(``functools.lru_cache``) under everything ``reverse`` depends on (the view's name,
the arguments, the namespace of the page asking, the URL configuration and the
script prefix). Only plain arguments (numbers, text) are kept; anything else (a
model instance) is reversed every time, as before. A change of ``ROOT_URLCONF``
(a test's ``override_settings``) forgets everything kept.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

_PLAIN = (int, str)


@lru_cache(maxsize=16384)
def _reverse(view_name, args, kwargs, current_app, urlconf, _root, _prefix):
    return reverse(
        view_name,
        urlconf=urlconf,
        args=args,
        kwargs=dict(kwargs),
        current_app=current_app,
    )


def cached_reverse(view_name, *, args=(), kwargs=None, current_app=None):
    """``django.urls.reverse(view_name, args=…, kwargs=…, current_app=…)``,
    remembered when the arguments are plain."""
    kwargs = kwargs or {}
    if not (
        isinstance(view_name, str)
        and all(type(value) in _PLAIN for value in args)
        and all(type(value) in _PLAIN for value in kwargs.values())
    ):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return _reverse(
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
        get_urlconf(),
        settings.ROOT_URLCONF,
        get_script_prefix(),
    )


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


class CachedURLNode(URLNode):
    def render(self, context):
        # Django's URLNode.render, with the remembered reverse.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(
                view_name, args=args, kwargs=kwargs, current_app=current_app
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    """Django's ``{% url %}`` (same syntax, same output), remembered."""
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
