"""factory_boy factories with Japanese fake data."""

import datetime

import factory
from django.contrib.auth.hashers import make_password
from faker import Faker

from members.models import Affiliation, Organization, Person, RoleAssignment, User

fake = Faker("ja_JP")
TEST_PASSWORD = "test-pass-2026"
_HASH = {}


def _password_hash():
    # One hash for every test account (hashing is the slow part of creating users).
    if "value" not in _HASH:
        _HASH["value"] = make_password(TEST_PASSWORD)
    return _HASH["value"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.jp")
    password = factory.LazyFunction(_password_hash)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family_name = factory.LazyFunction(fake.last_name)
    given_name = factory.LazyFunction(fake.first_name)
    family_name_kana = factory.LazyFunction(fake.last_kana_name)
    given_name_kana = factory.LazyFunction(fake.first_kana_name)
    email = factory.LazyAttribute(lambda p: p.account.email if p.account else "")
    account = None

    class Params:
        with_account = factory.Trait(account=factory.SubFactory(UserFactory))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"ワーカーズ・コレクティブ {fake.city()}{n}")
    name_kana = factory.Sequence(lambda n: f"ワーカーズコレクティブ{n}")
    kind = Organization.Kind.WCO
    membership_class = Organization.MembershipClass.REGULAR

    class Params:
        supporting = factory.Trait(
            membership_class=Organization.MembershipClass.SUPPORTING
        )
        non_member = factory.Trait(membership_class=Organization.MembershipClass.NONE)
        partner = factory.Trait(
            kind=Organization.Kind.PARTNER,
            membership_class=Organization.MembershipClass.NONE,
        )


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    position = Affiliation.Position.MEMBER
    confirmed = True

    class Params:
        representative = factory.Trait(position=Affiliation.Position.REPRESENTATIVE)
        unconfirmed = factory.Trait(confirmed=False)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = RoleAssignment._meta.get_field("role").choices[0][0]
    scope = ""
    start = factory.LazyFunction(
        lambda: datetime.date.today() - datetime.timedelta(days=30)
    )
    end = None
