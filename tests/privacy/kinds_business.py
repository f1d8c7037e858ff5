"""The business section's records of one person (``tests.privacy.world``): a row of
every business model that links to a person, for ``person``.

The contract named here has ended, so being its 個人情報責任者 blocks nothing (the
blocker has its own test)."""

import datetime

from business.models import ContractPersonnel
from tests.business import factories


def make(person) -> dict:
    programme = factories.programme(lead=person, title="個人情報テストの事業")
    contract = factories.contract(
        programme,
        year=2023,
        title="個人情報テストの委託契約",
    )
    role = factories.personnel(
        contract,
        person,
        role=ContractPersonnel.Role.RESPONSIBLE,
        client_notified_on=datetime.date(2023, 4, 3),
    )
    site = factories.site(programme)
    recorder = factories.recorder(site, person)
    return {
        "business.Programme": [programme],
        "business.ContractPersonnel": [role],
        "business.SiteRecorder": [recorder],
    }
