"""Text in every form of the portal: a maximum for each text field, said next to a
long one, and no direction controls in single-line text.

Like the permission matrix for URLs, these tests walk every form (and filter) class
the portal defines, so a new form is held to the same rules without anyone listing
it here.
"""

import pytest
from django import forms
from django.urls import get_resolver
from django_filters import FilterSet

from wco_sse.core.forms import (
    PortalBoundField,
    is_long_text,
    is_single_line_text,
)
from wco_sse.core.text import BIDI_CONTROLS, strip_bidi

pytestmark = pytest.mark.django_db

PORTAL_PACKAGES = {
    "members",
    "secretariat",
    "support",
    "network",
    "business",
    "wco_sse",
}

SPOOFED = "山田\u202e郎太\u200e\u2066x\u2069\u061c"


def _subclasses(base):
    for cls in base.__subclasses__():
        yield cls
        yield from _subclasses(cls)


def _ours(cls):
    return cls.__module__.split(".")[0] in PORTAL_PACKAGES


def portal_form_classes():
    """Every form class and filter set the portal defines (the URLconf imports every
    view, and with them every form)."""
    get_resolver().url_patterns  # noqa: B018 -- imports the views
    forms_ = sorted(
        {cls for cls in _subclasses(forms.BaseForm) if _ours(cls)},
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )
    filters = sorted(
        {cls for cls in _subclasses(FilterSet) if _ours(cls) and cls._meta.model},
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )
    return forms_, filters


def _bare(cls, data=None):
    """A form of ``cls`` with its fields, built without the arguments its own
    ``__init__`` may require (the fields it adds there are checked where they are
    written)."""
    form = cls.__new__(cls)
    forms.BaseForm.__init__(form, data=data)
    return form


def _instance(cls, data=None):
    try:
        return cls(data=data)
    except (TypeError, KeyError, AttributeError):
        return _bare(cls, data)


def portal_forms(data=None):
    """(name, form) for every portal form and filter set's form, bound to ``data``
    (a function of the form) when given."""
    form_classes, filter_classes = portal_form_classes()
    for cls in form_classes:
        name = f"{cls.__module__}.{cls.__qualname__}"
        form = _instance(cls)
        if data is not None:
            form = _instance(cls, data(form))
        yield name, form
    for cls in filter_classes:
        name = f"{cls.__module__}.{cls.__qualname__}"
        form = cls().form
        if data is not None:
            form = cls(data=data(form)).form
        yield name, form


def test_the_walk_finds_the_portal_forms():
    form_classes, filter_classes = portal_form_classes()
    names = {cls.__name__ for cls in form_classes + filter_classes}
    assert {
        "PersonForm",
        "OrganizationForm",
        "CitizenSignupForm",
        "ConsultationRequestForm",
        "ApplyForm",
        "MinutesForm",
        "NoticeForm",
        "SessionForm",
        "PersonFilter",
    } <= names


def test_every_text_field_has_a_maximum():
    """No text field of any form takes text of any length (a 1 MB description)."""
    unbounded = [
        f"{name}.{field_name}"
        for name, form in portal_forms()
        for field_name, field in form.fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert not unbounded, "\n".join(unbounded)


def test_every_form_reads_and_shows_its_fields_the_portal_way():
    """Every field of every form is a ``PortalBoundField`` (no form sets its own
    renderer or bound field class)."""
    others = [
        f"{name}.{field_name}"
        for name, form in portal_forms()
        for field_name in form.fields
        if not isinstance(form[field_name], PortalBoundField)
    ]
    assert not others, "\n".join(others)


def test_every_long_text_says_its_maximum():
    for _name, form in portal_forms():
        for field_name, field in form.fields.items():
            if is_long_text(field):
                bound = form[field_name]
                assert f"{field.max_length:,}" in str(bound.help_text)
                assert f'maxlength="{field.max_length}"' in str(bound)


def test_every_single_line_field_reads_without_direction_controls():
    def spoofed(form):
        return {
            form.add_prefix(field_name): SPOOFED
            for field_name, field in form.fields.items()
            if is_single_line_text(field)
        }

    checked = 0
    for name, form in portal_forms(data=spoofed):
        for field_name, field in form.fields.items():
            if is_single_line_text(field):
                value = form[field_name].data
                assert value == strip_bidi(SPOOFED), f"{name}.{field_name}"
                assert BIDI_CONTROLS.isdisjoint(value)
                checked += 1
    assert checked > 50


def test_long_text_and_passwords_are_read_as_typed():
    """Only single-line text loses its controls: a password is what was typed, and
    a long text keeps a paragraph of right-to-left text intact."""

    class Form(forms.Form):
        secret = forms.CharField(widget=forms.PasswordInput, max_length=100)
        body = forms.CharField(widget=forms.Textarea, max_length=100)

    form = Form(data={"secret": SPOOFED, "body": SPOOFED})
    assert form.is_valid()
    assert form.cleaned_data == {"secret": SPOOFED, "body": SPOOFED}


def test_strip_bidi_takes_out_every_direction_control_and_nothing_else():
    controls = "".join(
        chr(c)
        for c in (
            0x061C,
            0x200E,
            0x200F,
            *range(0x202A, 0x202F),
            *range(0x2066, 0x206A),
        )
    )
    assert strip_bidi(f"a{controls}b") == "ab"
    assert strip_bidi("髙橋 𠮷野\u200b") == "髙橋 𠮷野\u200b"
    assert strip_bidi(None) is None
