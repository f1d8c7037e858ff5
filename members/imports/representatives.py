"""An organization row's representative (代表者, 代表者フリガナ): the person it names,
matched in the registry or new, and the confirmed 代表者 affiliation the commit gives
them, in the same transaction as the organization."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.kana import normalize_kana
from wco_sse.core.search import normalize

from ..models import Affiliation, Person
from ..services import (
    affiliation_add,
    affiliation_confirm_within,
    affiliation_end_within,
    person_create_within,
)

REPRESENTATIVE = Affiliation.Position.REPRESENTATIVE
NAME_LENGTH = 60  # Person.family_name's


def _split(text):
    """山田 花子 -> [山田, 花子]; a name written without a space is all family name."""
    parts = str(text or "").replace("\u3000", " ").split(None, 1)
    return [*parts, "", ""][:2]


def _current_representatives(organization):
    """The organization's 代表者 affiliations today (confirmed or waiting)."""
    return list(
        Affiliation.objects.current()
        .filter(organization=organization, position=REPRESENTATIVE)
        .select_related("person")
    )


def _candidates(lookups, organization, key, kana_key):
    """The registry people the name (and reading, when given) may be: those of the
    organization first."""
    people = lookups.people.get(key, [])
    if kana_key:
        people = [
            p
            for p in people
            if not (p.family_name_kana or p.given_name_kana)
            or normalize(f"{p.family_name_kana}{p.given_name_kana}") == kana_key
        ]
    if len(people) > 1 and organization is not None:
        ours = set(
            Affiliation.objects.current()
            .filter(organization=organization, person__in=people)
            .values_list("person_id", flat=True)
        )
        people = [p for p in people if p.pk in ours] or people
    return people


def check_representative(result, lookups, organization, name, kana):
    """Read a row's representative into ``result.extra["representative"]``, with its
    errors at the row's 代表者 columns. Returns whether the commit adds a 代表者
    affiliation (a change of the organization)."""
    name = " ".join(str(name or "").replace("\u3000", " ").split())
    kana_text = " ".join(str(kana or "").replace("\u3000", " ").split())
    if not name:
        if kana_text:
            result.error("代表者", _("Write the representative's name too."))
        return False
    try:
        kana_text = normalize_kana(kana_text) if kana_text else ""
    except ValueError:
        result.error(
            "代表者フリガナ",
            _("Please write the reading in katakana (hiragana is converted for you)."),
        )
        return False
    family, given = _split(name)
    family_kana, given_kana = _split(kana_text)
    if max(len(family), len(given), len(family_kana), len(given_kana)) > NAME_LENGTH:
        result.error(
            "代表者",
            _("A name has at most %(count)s characters.") % {"count": NAME_LENGTH},
        )
        return False
    key, kana_key = normalize(family + given), normalize(family_kana + given_kana)
    people = _candidates(lookups, organization, key, kana_key)
    if len(people) > 1:
        result.error(
            "代表者",
            _(
                "%(count)s people in the registry are called %(name)s: add the "
                "representative on the organization's page, where you can choose "
                "which one."
            )
            % {"count": len(people), "name": name},
        )
        return False
    person = people[0] if people else None
    current = _current_representatives(organization) if organization else []
    # Held already when confirmed; one waiting for confirmation is confirmed.
    holds = person is not None and any(
        a.person_id == person.pk and a.confirmed for a in current
    )
    result.extra["representative"] = {
        "person": person.pk if person else None,
        "family_name": family,
        "given_name": given,
        "family_name_kana": family_kana,
        "given_name_kana": given_kana,
        "new_person": person is None,
        "add": not holds,
    }
    if holds or organization is None:
        return False
    result.changes.append(
        {
            "column": "代表者",
            "old": "、".join(a.person.full_name for a in current if a.confirmed),
            "new": name,
        }
    )
    return True


def representative_of_row(*, actor, organization, representative, created):
    """Give the row's representative a confirmed 代表者 affiliation and end the
    confirmed 代表者 affiliations of whoever represented the organization before them
    (inside the commit's transaction). ``created`` keeps the people this commit
    created, so two rows naming the same new person make one record."""
    if not representative or not representative.get("add"):
        return None
    if representative.get("person"):
        person = Person.objects.get(pk=representative["person"])
    else:
        key = (
            normalize(representative["family_name"] + representative["given_name"]),
            normalize(
                representative["family_name_kana"] + representative["given_name_kana"]
            ),
        )
        person = created.get(key)
        if person is None:
            person = person_create_within(
                actor=actor,
                data={
                    name: representative[name]
                    for name in (
                        "family_name",
                        "given_name",
                        "family_name_kana",
                        "given_name_kana",
                    )
                },
            )
            created[key] = person
    held = (
        Affiliation.objects.current()
        .filter(person=person, organization=organization, position=REPRESENTATIVE)
        .first()
    )
    if held is not None:
        if not held.confirmed:
            affiliation_confirm_within(actor=actor, affiliation=held)
    else:
        affiliation_add(
            actor=actor,
            person=person,
            organization=organization,
            position=REPRESENTATIVE,
            start=None,
        )
    _end_predecessors(actor=actor, organization=organization, successor=person)
    return person


def _end_predecessors(*, actor, organization, successor):
    """End the confirmed 代表者 affiliations of the people the successor replaces, on
    the day before (so the organization has one representative from today on), or on
    the day it began if that is today."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    predecessors = (
        Affiliation.objects.current()
        .filter(organization=organization, position=REPRESENTATIVE, confirmed=True)
        .exclude(person=successor)
        .order_by("pk")
    )
    for affiliation in predecessors:
        end = max(yesterday, affiliation.start) if affiliation.start else yesterday
        affiliation_end_within(actor=actor, affiliation=affiliation, end=end)


def shown_representative(representative):
    """(name, kana) as the preview shows them."""
    if not representative:
        return "", ""
    name = " ".join(
        filter(None, (representative["family_name"], representative["given_name"]))
    )
    kana = " ".join(
        filter(
            None,
            (representative["family_name_kana"], representative["given_name_kana"]),
        )
    )
    return name, kana
