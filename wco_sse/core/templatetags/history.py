"""Audit entries as a history people read (``wco_sse.core.audit.audit_lines``)."""

from django import template

from wco_sse.core.audit import audit_lines

register = template.Library()


@register.filter
def in_words(entries):
    return audit_lines(entries or ())
