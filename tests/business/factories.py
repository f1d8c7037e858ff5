"""Business section records for tests (issue 17): model-level and quick; the
services' own tests go through the services."""

import datetime

from django.utils import timezone

from business.models import (
    Contract,
    ContractPersonnel,
    IndicatorSet,
    Partner,
    Programme,
    ProgrammeKind,
    Session,
    SessionType,
    Site,
    SiteRecorder,
)
from members.models import LegalForm
from tests.factories import OrganizationFactory, PersonFactory
from wco_sse.core.japan import fiscal_year, fiscal_year_bounds


def kind(name="就労準備支援"):
    """A seeded programme kind (made if a flushed database lost the seed)."""
    found = ProgrammeKind.objects.filter(name=name).first()
    return found or ProgrammeKind.objects.create(name=name, contracted=True)


def session_type(name="食堂"):
    found, _created = SessionType.objects.get_or_create(name=name)
    return found


def indicator_version(name="自立相談支援 実績指標"):
    """The latest version of a seeded indicator set."""
    return IndicatorSet.objects.get(name=name).versions.order_by("-number").first()


def client(name="横浜市"):
    return OrganizationFactory(
        name=name, partner=True, legal_form=LegalForm.LOCAL_GOVERNMENT
    )


def programme(
    *, lead=None, kind_name="就労準備支援", state=Programme.State.ACTIVE, **fields
):
    lead = lead or PersonFactory()
    fields.setdefault("title", f"{kind_name}事業")
    return Programme.objects.create(
        kind=kind(kind_name), lead=lead, state=state, **fields
    )


def partner(programme_, organization=None, part=Partner.Part.CLIENT, **fields):
    return Partner.objects.create(
        programme=programme_,
        organization=organization or client(),
        part=part,
        **fields,
    )


def contract(programme_=None, *, client_=None, year=None, **fields):
    programme_ = programme_ or programme()
    year = year or fiscal_year(timezone.localdate())
    start, end = fiscal_year_bounds(year)
    fields.setdefault("title", f"{programme_.title} {year}年度")
    fields.setdefault("amount", 12_000_000)
    return Contract.objects.create(
        programme=programme_,
        client=client_ or client(),
        fiscal_year=year,
        start=fields.pop("start", start),
        end=fields.pop("end", end),
        **fields,
    )


def personnel(
    contract_, person=None, role=ContractPersonnel.Role.RESPONSIBLE, **fields
):
    return ContractPersonnel.objects.create(
        contract=contract_,
        person=person or PersonFactory(),
        role=role,
        start=fields.pop("start", contract_.start),
        **fields,
    )


def site(programme_=None, **fields):
    fields.setdefault("name", "みんなの食堂 ひだまり")
    fields.setdefault("kind", Site.Kind.CHILDREN_DINER)
    return Site.objects.create(
        programme=programme_ or programme(kind_name="食支援"), **fields
    )


def recorder(site_, person, **fields):
    return SiteRecorder.objects.create(
        site=site_,
        person=person,
        start=fields.pop("start", timezone.localdate() - datetime.timedelta(days=30)),
        **fields,
    )


def session(site_, *, date=None, type_name="食堂", **fields):
    fields.setdefault("starts", datetime.time(11, 0))
    fields.setdefault("ends", datetime.time(14, 0))
    return Session.objects.create(
        site=site_,
        date=date or timezone.localdate() - datetime.timedelta(days=1),
        type=session_type(type_name),
        **fields,
    )
