"""Helpers of the member-list import tests: a secretariat account and files to upload."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from members.imports import ORGANIZATION_COLUMNS
from members.models import Role
from tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

# Every column of the template, in its order.
HEADERS = [column.header for column in ORGANIZATION_COLUMNS]

# 法人番号 with valid check digits (computed by core.validators).
NUMBER_A = "3020005003811"
NUMBER_B = "6020005008849"


def secretariat_user():
    person = PersonFactory(account=UserFactory())
    RoleAssignmentFactory(person=person, role=Role.SECRETARIAT_STAFF)
    return person.account


@pytest.fixture(name="staff")
def staff_fixture(db):
    return secretariat_user()


def csv_bytes(rows, *, headers=HEADERS, encoding="utf-8"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def csv_file(rows, *, name="members.csv", headers=HEADERS, encoding="utf-8"):
    return SimpleUploadedFile(
        name, csv_bytes(rows, headers=headers, encoding=encoding), "text/csv"
    )


def xlsx_bytes(rows, *, headers=HEADERS, title_rows=()):
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append(title)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows, *, name="members.xlsx", headers=HEADERS, title_rows=()):
    return SimpleUploadedFile(
        name,
        xlsx_bytes(rows, headers=headers, title_rows=title_rows),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def row(**cells):
    """A row in HEADERS order from Japanese column names."""
    return [cells.get(header, "") for header in HEADERS]


@pytest.fixture(name="english")
def english_fixture():
    """Messages in English, so the assertions don't depend on the catalogue."""
    from django.utils import translation

    with translation.override("en"):
        yield
