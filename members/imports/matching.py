"""What a list's rows are matched and resolved against: the registry's
organizations, people, municipalities and industries, read once per file."""

from django.utils.functional import cached_property

from wco_sse.core.search import normalize

from ..models import Industry, Municipality, Organization, Person
from ..models.places import KANAGAWA
from .vocabulary import VOCABULARIES, value_key


class Lookups:
    """What rows are matched and resolved against, read once per file."""

    def __init__(self):
        self.vocabularies = {name: v.lookup() for name, v in VOCABULARIES.items()}
        self.industries = {value_key(i.name): i for i in Industry.objects.all()}
        self.municipalities = {}
        names = {}
        for municipality in Municipality.objects.select_related("parent"):
            for key in (
                municipality.label,
                KANAGAWA + municipality.label,
                municipality.code,
                municipality.code[:5],
            ):
                self.municipalities[value_key(key)] = municipality
            names.setdefault(value_key(municipality.name), []).append(municipality)
        self.ambiguous = {}
        for key, found in names.items():
            if len(found) == 1:
                self.municipalities.setdefault(key, found[0])
            elif key not in self.municipalities:
                self.ambiguous[key] = found
        # Longest first, to read a municipality at the start of an address.
        self.labels = sorted(
            {m.label: m for m in self.municipalities.values()}.items(),
            key=lambda item: -len(item[0]),
        )
        self.by_number = {}
        self.by_name = {}
        self.by_plain_name = {}
        for organization in Organization.objects.select_related(
            "industry", "municipality__parent"
        ):
            if organization.corporate_number:
                self.by_number[organization.corporate_number] = organization
            self.by_name.setdefault(organization_name_key(organization), organization)
            self.by_plain_name.setdefault(normalize(organization.name), []).append(
                organization
            )

    @cached_property
    def people(self):
        """Normalized full name -> the people with it."""
        index = {}
        for person in Person.objects.listed().only(
            "pk", "family_name", "given_name", "family_name_kana", "given_name_kana",
            "email", "version",
        ):  # fmt: skip
            index.setdefault(person_name_key(person), []).append(person)
        return index


def person_name_key(person):
    return normalize(f"{person.family_name}{person.given_name}")


def organization_name_key(organization):
    """The registry's duplicate rule: the same normalized name in the same place."""
    return (
        normalize(organization.name),
        organization.municipality_id,
        organization.city_outside,
    )
