"""Every export (registry, people, unpaid dues, course participants, consultation
disclosure) as XLSX and CSV: a text cell a spreadsheet would run as a formula is
neutralized, typed markup is written as typed, and numbers stay numbers."""

import pytest
from django.urls import reverse

from members.models import Affiliation
from support import services as sup
from support.models import Application, Consultation
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.hostile import output_world
from tests.hostile.output_helpers import FORMULAS, csv_rows, xlsx_rows
from tests.members.dues_support import issue, set_rates

pytestmark = pytest.mark.django_db

PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def world(demo):
    """The hostile registry and school, plus a W.Co and a person whose texts are
    formulas, with an application and a consultation of their own."""
    world = output_world.build(demo, parts=("registry", "school"))
    f = FORMULAS
    org = OrganizationFactory(
        name=f["eq"],
        address=f["plus"],
        building=f["minus"],
        phone=f["at"],
        notes=f["cr"],
        postal_code="231-0023",
        workers_count=12,
    )
    person = PersonFactory(
        family_name=f["at"],
        given_name=f["tab"],
        address=f["plus"],
        phone=f["minus"],
        notes=f["eq"],
        email="formula@example.jp",
    )
    AffiliationFactory(
        person=person, organization=org, position=Affiliation.Position.MEMBER
    )
    course = world["course"]
    course.capacity = 5
    course.save(update_fields=["capacity"])
    sup.application_create(
        actor=demo["staff"],
        course=course,
        person=person,
        channel=Application.Channel.PROXY,
        note=f["eq"],
    )
    consultation = sup.consultation_intake(
        actor=demo["staff"],
        person=person,
        channel=Consultation.Channel.PHONE,
        desk="general",
        topic=Consultation.Topic.OTHER,
        description=f["plus"],
        consent_method=Consultation.ConsentMethod.VERBAL,
        consent=True,
    )
    consultation = sup.consultation_assign(
        actor=demo["staff"],
        consultation=consultation,
        advisor=demo["advisor"].person,
    )
    sup.consultation_record_add(
        actor=demo["advisor"], consultation=consultation, body=f["minus"]
    )
    set_rates(demo["staff"])
    issue(demo["staff"])
    world.objects.update(formula_org=org, formula_person=person)
    return world


def _download(client, url, file_format, encoding=None):
    query = {"format": file_format, **({"encoding": encoding} if encoding else {})}
    response = client.get(url, query)
    assert response.status_code == 200, (url, query, response.status_code)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    if file_format == "xlsx":
        cells = xlsx_rows(response.content)
        assert not [c.coordinate for row in cells for c in row if c.data_type == "f"]
        # XML keeps no bare CR: a cell's "\r" reads back as "\n" (the guard stays).
        return [
            [
                c.value.replace("\n", "\r") if isinstance(c.value, str) else c.value
                for c in row
            ]
            for row in cells
        ]
    if encoding == "cp932":
        text = response.content.decode("cp932")
        return csv_rows(text.encode("utf-8-sig"))
    return csv_rows(response.content)


def _check(rows, *, literal, numbers, where):
    """No text cell starts a formula; each of ``literal`` (typed text: formulas
    with the guard, markup as typed) is a cell; each of ``numbers`` stays a number
    (an int in XLSX, digits without the guard in CSV)."""
    flat = [value for row in rows for value in row]
    formulas = [v for v in flat if isinstance(v, str) and v.startswith(PREFIXES)]
    assert not formulas, f"{where}: cells a spreadsheet would run: {formulas}"
    missing = [text for text in literal if text not in flat]
    assert not missing, f"{where}: not written as typed: {missing}"
    for number in numbers:
        assert number in flat or str(number) in flat, f"{where}: {number} lost"
        assert f"'{number}" not in flat, f"{where}: {number} neutralized as text"
    return flat


FORMATS = [("xlsx", None), ("csv", None), ("csv", "cp932")]


@pytest.mark.parametrize(("file_format", "encoding"), FORMATS)
def test_registry_exports(client, demo, world, file_format, encoding):
    client.force_login(demo["secgen"])
    guarded = ["'" + FORMULAS[k] for k in ("eq", "plus", "minus", "at", "cr")]
    organizations = _download(
        client,
        reverse("members:organization_export"),
        file_format,
        encoding,
    )
    flat = _check(
        organizations,
        literal=[*guarded, world.texts["org_name"], world.texts["org_building"]],
        numbers=[12],
        where="organizations",
    )
    if file_format == "xlsx":
        assert 12 in flat  # an int, not the text "12"
    people = _download(client, reverse("members:person_export"), file_format, encoding)
    _check(
        people,
        literal=[
            "'" + FORMULAS["at"],
            "'" + FORMULAS["tab"],
            "'" + FORMULAS["minus"],
            world.texts["person_family"],
        ],
        numbers=[],
        where="people",
    )


@pytest.mark.parametrize(("file_format", "encoding"), FORMATS)
def test_unpaid_dues_export(client, demo, world, file_format, encoding):
    client.force_login(demo["staff"])
    rows = _download(
        client, reverse("members:dues_unpaid_export"), file_format, encoding
    )
    flat = _check(
        rows,
        literal=["'" + FORMULAS["eq"], world.texts["org_name"]],
        numbers=[12_000],
        where="unpaid dues",
    )
    if file_format == "xlsx":
        assert 12_000 in flat


@pytest.mark.parametrize(("file_format", "encoding"), FORMATS[:2])
def test_participants_and_disclosure_exports(
    client, demo, world, file_format, encoding
):
    client.force_login(demo["school"])
    rows = _download(
        client,
        reverse("support:course_export", args=[world["course"].pk]),
        file_format,
        encoding,
    )
    flat = _check(
        rows,
        literal=[
            "'" + FORMULAS["eq"],
            "'" + FORMULAS["minus"],
            world.texts["application_note"],
            world.texts["proxy_note"],
        ],
        numbers=[1000],
        where="participants",
    )
    if file_format == "xlsx":
        assert 1000 in flat
    client.force_login(demo["secgen"])
    rows = _download(
        client,
        reverse("support:consultation_disclosure", args=[world["formula_person"].pk]),
        file_format,
        encoding,
    )
    _check(
        rows,
        literal=["'" + FORMULAS["plus"], "'" + FORMULAS["minus"]],
        numbers=[],
        where="disclosure",
    )
