"""Shared set-up of the dues and print tests: a small registry, no demo seed."""

import datetime
import shutil
import subprocess

import pytest
from django.utils import timezone

from members.dues import dues_issue, dues_rate_set
from members.models import Affiliation, DuesClass, Role
from tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)
from wco_sse.core.japan import fiscal_year

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext, pdffonts)"
)

RATES = {
    DuesClass.REGULAR: 12_000,
    DuesClass.SUPPORTING: 5_000,
    DuesClass.INDIVIDUAL: 3_000,
}


def today():
    return timezone.localdate()


def this_year():
    return fiscal_year(today())


def account_with_role(role, **person):
    person = PersonFactory(with_account=True, **person)
    RoleAssignmentFactory(person=person, role=role)
    return person.account


@pytest.fixture
def staff():
    return account_with_role(
        Role.SECRETARIAT_STAFF, family_name="鈴木", given_name="健太"
    )


@pytest.fixture
def auditor():
    return account_with_role(Role.AUDITOR)


@pytest.fixture
def director():
    return account_with_role(Role.DIRECTOR)


@pytest.fixture
def wco():
    """A 正会員 W.Co with an address and a confirmed representative with an account."""
    return OrganizationFactory(
        name="ワーカーズ・コレクティブ 配食サービスあおば",
        name_kana="ハイショクサービスアオバ",
        postal_code="231-0023",
        address="横浜市中区山下町1-2",
        building="あおばビル3階",
        email="aoba@example.jp",
    )


@pytest.fixture
def rep(wco):
    person = PersonFactory(
        with_account=True, family_name="松本", given_name="幸子", language="ja"
    )
    AffiliationFactory(
        person=person,
        organization=wco,
        position=Affiliation.Position.REPRESENTATIVE,
        start=datetime.date(2015, 4, 1),
    )
    return person.account


@pytest.fixture
def colleague(wco):
    """A confirmed member of the W.Co (not its representative)."""
    person = PersonFactory(with_account=True)
    AffiliationFactory(person=person, organization=wco)
    return person.account


def set_rates(actor, year=None, rates=None):
    year = year or this_year()
    for dues_class, amount in (rates or RATES).items():
        dues_rate_set(
            actor=actor, fiscal_year=year, dues_class=dues_class, amount=amount
        )


def issue(actor, year=None, **kwargs):
    year = year or this_year()
    kwargs.setdefault("invoiced_on", min(datetime.date(year, 4, 15), today()))
    return dues_issue(actor=actor, fiscal_year=year, **kwargs)


@pytest.fixture
def dues(staff, wco):
    """This year's dues of the W.Co, 12,000 yen, unpaid."""
    set_rates(staff)
    issue(staff)
    return wco.dues.get(fiscal_year=this_year())


class PdfText(str):
    """A PDF's text; ``in`` ignores whitespace, since table cells wrap lines anywhere."""

    def __contains__(self, needle):
        return "".join(needle.split()) in "".join(self.split())


def pdf_text(content, tmp_path, name="out.pdf"):
    path = tmp_path / name
    path.write_bytes(content)
    return PdfText(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    )


def pdf_fonts(content, tmp_path, name="fonts.pdf"):
    path = tmp_path / name
    path.write_bytes(content)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(content, tmp_path, name="pages.pdf"):
    path = tmp_path / name
    path.write_bytes(content)
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return int(
        next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1]
    )
