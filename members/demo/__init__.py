"""The registry's demo data: the founding partners, W.Cos, people and one account per
role. ``seed(ctx)`` is what ``seed_demo`` calls; each part lives in its module
(people, organizations, dues, scale)."""

from dataclasses import dataclass, field

from ..data import demo_registry
from ..data.reference import ensure_loaded
from ..models import Organization, Person
from .dues import DEMO_RATES, seed_dues
from .organizations import seed_organizations, seed_wco_people
from .people import (
    DEMO_PEOPLE,
    OFFICERS_WITHOUT_ACCOUNTS,
    seed_accounts,
    seed_home_wco,
    seed_individual_supporters,
    seed_officers,
)
from .scale import SCALE_EMAIL_DOMAIN, SCALE_ORGS, SCALE_PEOPLE, seed_scale

__all__ = [
    "DEMO_PEOPLE",
    "DEMO_RATES",
    "OFFICERS_WITHOUT_ACCOUNTS",
    "SCALE_EMAIL_DOMAIN",
    "SCALE_ORGS",
    "SCALE_PEOPLE",
    "SeedContext",
    "load_context",
    "seed",
    "seed_dues",
    "seed_late",
    "seed_scale",
]


@dataclass
class SeedContext:
    password_hash: str
    scale: int = 0
    out: object = None
    accounts: dict = field(default_factory=dict)  # email -> Person
    # The test suite seeds the registry without a year of dues: its dues tests start
    # from none.
    with_dues: bool = True
    data: dict = field(default_factory=dict)  # shared between apps' seeds

    def log(self, message):
        if self.out is not None:
            self.out.write(message)


def load_context(ctx):
    """Fill ``ctx`` from demo data already in the database; False when it isn't there.

    Lets the test suite seed once per database and still hand each test the same
    context a fresh seed would.
    """
    emails = [row[0] for row in DEMO_PEOPLE]
    people = {
        person.account.email: person
        for person in Person.objects.filter(account__email__in=emails).select_related(
            "account"
        )
    }
    names = [row[0] for row in demo_registry.WCOS] + [
        row[0] for row in demo_registry.PARTNERS
    ]
    organizations = {o.name: o for o in Organization.objects.filter(name__in=names)}
    if len(people) != len(emails) or len(organizations) != len(names):
        return False
    ctx.accounts.update({email: people[email] for email in emails})
    ctx.data["wcos"] = [organizations[row[0]] for row in demo_registry.WCOS]
    ctx.data["partners"] = [organizations[row[0]] for row in demo_registry.PARTNERS]
    ctx.data["home_wco"] = ctx.data["wcos"][0]
    return True


def seed(ctx):
    ensure_loaded()  # a flushed test database has lost what the migrations loaded
    partners, wcos = seed_organizations(ctx)
    seed_accounts(ctx)
    seed_home_wco(ctx, wcos[0], partners)
    seed_officers(ctx)
    seed_wco_people(wcos, demo_registry.PEOPLE[:-3])
    seed_individual_supporters(demo_registry.PEOPLE[-3:])
    if ctx.with_dues:
        seed_dues(ctx)
    if ctx.scale:
        seed_scale(ctx)


def seed_late(ctx):
    """After every app's seed: the personal-data requests and a past retention
    run, which look at the records the other apps made."""
    from .privacy import seed_privacy

    seed_privacy(ctx)
