from django.utils.encoding import force_str
from django.utils.translation import get_language

# (field, language) -> {value: label}; model fields and their choices are fixed for
# the life of the process, and so is each language's catalogue.
_LABELS = {}


def _labels(field):
    key = (field, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = {}
        for value, label in field.flatchoices:
            try:
                labels.setdefault(value, force_str(label, strings_only=True))
            except TypeError:  # an unhashable value: looked up by the slow path
                continue
        _LABELS[key] = labels
    return labels


class ChoiceLabelsMixin:
    """``get_FOO_display()`` from a per-language table of the field's labels.

    Django's version builds ``dict(make_hashable(field.flatchoices))`` on each call,
    which hashes (and so translates) every lazy label: on a list of 50 rows with a
    few choice columns that was a sixth of the page's time. The table is built once
    per field and language; a lookup is a dictionary read.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            return _labels(field)[value]
        except (KeyError, TypeError):
            for key, label in field.flatchoices:
                if key == value:
                    return force_str(label, strings_only=True)
            return force_str(value, strings_only=True)
