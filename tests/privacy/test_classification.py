"""Every model of the portal's apps says what it holds of people (issue 16).

As the permission matrix does for URLs: a model that is not declared, a relation to
a person or an account that no link or mention names, a text, email, file or JSON
field that no declaration classifies (exported, scrubbed, or reviewed as not
personal), fails here, so no later work adds personal data without deciding its
fate."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from members.personal_data.registry import Fate, declaration_for, declarations

PEOPLE = ("members.Person", "members.User")
TEXT_FIELDS = (
    models.CharField,
    models.TextField,
    models.JSONField,
    models.FileField,
    models.GenericIPAddressField,
)


def portal_models(app_label):
    return [
        model
        for model in apps.get_app_config(app_label).get_models()
        if not model._meta.proxy
    ]


def portal_app_labels():
    labels = []
    for name in settings.WCO_PORTAL_APPS:
        labels.append(apps.get_containing_app_config(name + ".x").label)
    return labels


def _candidate_fields(model):
    """The fields that may hold personal data: relations to people and files, and
    free text without choices."""
    for f in model._meta.get_fields():
        if f.auto_created and not f.concrete:
            continue
        if f.primary_key:
            continue
        if f.is_relation:
            target = f.related_model
            if target is not None and (
                target._meta.label in PEOPLE or target._meta.label == "core.StoredFile"
            ):
                yield f
            continue
        if isinstance(f, TEXT_FIELDS) and not getattr(f, "choices", None):
            yield f


def _classified(declaration):
    names = set(declaration.export) | set(declaration.not_personal)
    names |= set(declaration.mentions) | set(declaration.files)
    for link in declaration.links:
        if link.lookup:
            names.add(link.lookup.split("__")[0])
        names |= set(link.scrub)
    for retention in declaration.retention:
        names |= set(retention.scrub)
    return {name.split("__")[0] for name in names}


@pytest.mark.parametrize("app_label", portal_app_labels())
def test_every_model_is_declared(app_label):
    missing = [
        model._meta.label
        for model in portal_models(app_label)
        if declaration_for(model) is None
    ]
    assert not missing, f"models without a privacy declaration: {missing}"


@pytest.mark.parametrize("app_label", portal_app_labels())
def test_every_field_that_may_hold_personal_data_is_classified(app_label):
    problems = []
    for model in portal_models(app_label):
        declaration = declaration_for(model)
        if declaration is None:
            continue
        classified = _classified(declaration)
        for f in _candidate_fields(model):
            if f.name not in classified:
                problems.append(f"{model._meta.label}.{f.name}")
    assert not problems, f"fields no declaration classifies: {problems}"


def _check_path(model, path):
    current = model
    for part in path.split("__"):
        f = current._meta.get_field(part)  # raises FieldDoesNotExist
        if f.is_relation and f.related_model is not None:
            current = f.related_model


def test_declarations_are_coherent():
    problems = []
    for declaration in declarations():
        model = declaration.model
        label = model._meta.label
        if declaration.personal and not declaration.links:
            problems.append(f"{label}: personal data but no link to a person")
        if not declaration.personal:
            for name in declaration.mentions:
                if name in declaration.not_personal:
                    problems.append(f"{label}.{name}: both mention and not personal")
        for path in (*declaration.export, *declaration.files, *declaration.mentions):
            try:
                _check_path(model, path)
            except FieldDoesNotExist:
                problems.append(f"{label}: no field {path}")
        for link in declaration.links:
            if link.lookup:
                try:
                    _check_path(model, link.lookup)
                except FieldDoesNotExist:
                    problems.append(f"{label}: no field {link.lookup}")
            elif link.query is None:
                problems.append(f"{label}: a link needs a lookup or a query")
            if link.fate == Fate.KEEP and not (link.reason or declaration.reason):
                problems.append(f"{label}: kept without a reason")
            if not (link.reason or declaration.reason):
                problems.append(f"{label}: a link without a reason")
            for name in link.scrub:
                try:
                    model._meta.get_field(name)
                except FieldDoesNotExist:
                    problems.append(f"{label}: scrubs no field {name}")
        for retention in declaration.retention:
            for name in retention.scrub:
                try:
                    model._meta.get_field(name)
                except FieldDoesNotExist:
                    problems.append(f"{label}: retention scrubs no field {name}")
    assert not problems, problems
