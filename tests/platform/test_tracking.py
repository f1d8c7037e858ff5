"""Every write to a portal model renews what the caches hold of it, bulk writes
included (wco_sse.core.tracking), and a sign-in renews nothing."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import transaction

from members.models import Organization, Person
from members.roles import VERSION_KEY as ROLES_VERSION_KEY
from support.models import Application
from tests.factories import OrganizationFactory, PersonFactory
from tests.support.factories import CourseFactory
from wco_sse.core import fragments, versions
from wco_sse.core.checks import check_tracked_managers, untracked_managers
from wco_sse.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _stamps(*names):
    keys = [fragments.version_key(name) for name in names]
    return versions.read(keys)


def test_a_bulk_create_renews_the_model_and_its_app():
    before = _stamps("members", "members.organization", "roles")
    Organization.objects.bulk_create([Organization(name="新しい団体")])
    after = _stamps("members", "members.organization", "roles")
    assert all(before[key] != after[key] for key in before)


def test_an_update_renews_the_model_and_what_its_rows_name():
    course = CourseFactory()
    person = PersonFactory()
    application = Application.objects.create(
        course=course, person=person, status=Application.Status.WAITLISTED
    )
    card = f"support.course:{course.pk}"
    before = _stamps("support.application", card)
    Application.objects.filter(pk=application.pk).update(waitlist_position=3)
    after = _stamps("support.application", card)
    assert before[fragments.version_key(card)] != after[fragments.version_key(card)]
    assert (
        before[fragments.version_key("support.application")]
        != after[fragments.version_key("support.application")]
    )


def test_a_bulk_update_renews_once_per_call(monkeypatch):
    organizations = OrganizationFactory.create_batch(3)
    renewed = []
    monkeypatch.setattr(fragments, "bump", lambda *names: renewed.append(tuple(names)))
    for organization in organizations:
        organization.name += "（改）"
    Organization.objects.bulk_update(organizations, ["name"])
    assert renewed == [("members.organization", "members")]


def test_an_update_of_no_row_renews_nothing():
    before = _stamps("members.organization")
    Organization.objects.filter(pk=-1).update(name="なし")
    assert _stamps("members.organization") == before


def test_record_keeping_models_renew_only_themselves():
    before = _stamps("core", "core.auditentry")
    AuditEntry.objects.create(action="test")
    after = _stamps("core", "core.auditentry")
    assert after[fragments.version_key("core")] == before[fragments.version_key("core")]
    assert (
        after[fragments.version_key("core.auditentry")]
        != (before[fragments.version_key("core.auditentry")])
    )


def test_a_sign_in_renews_no_role_and_no_page(client):
    person = PersonFactory(with_account=True)
    account = person.account
    account.set_password("correct horse battery")
    account.save()
    EmailAddress.objects.update_or_create(
        user=account, email=account.email, defaults={"verified": True, "primary": True}
    )
    before = _stamps("roles", "members", "members.user")
    response = client.post(
        "/accounts/login/",
        {"login": account.email, "password": "correct horse battery"},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.last_login is not None
    assert _stamps("roles", "members", "members.user") == before


def test_a_change_of_the_account_itself_still_renews_the_roles():
    person = PersonFactory(with_account=True)
    before = cache.get(ROLES_VERSION_KEY) or versions.read([ROLES_VERSION_KEY])
    person.account.is_superuser = True
    person.account.save()
    assert cache.get(ROLES_VERSION_KEY) != before


@pytest.mark.django_db(transaction=True)
def test_a_transaction_renews_again_at_commit_and_a_rollback_spoils_nothing():
    key = fragments.version_key("members.person")
    with transaction.atomic():
        PersonFactory()
        inside = versions.read([key])[key]
        cache.set(key, "read-in-between", None)  # a request caching the old rows
    assert cache.get(key) not in ("read-in-between", inside)

    with pytest.raises(RuntimeError), transaction.atomic():
        PersonFactory()
        raise RuntimeError
    cache.set(key, "stale", None)
    with transaction.atomic():
        Person.objects.create(family_name="山田", given_name="花子")
    assert cache.get(key) != "stale"


def test_every_portal_model_makes_tracked_querysets():
    assert check_tracked_managers() == []


def test_a_model_with_a_plain_manager_is_refused(monkeypatch):
    """The guard itself: were allauth's accounts app one of ours, its models (plain
    querysets) would stop the portal from starting."""
    import wco_sse.core.checks as module

    assert untracked_managers([EmailAddress]) == [(EmailAddress, "objects")]
    monkeypatch.setattr(
        module, "portal_app_labels", lambda: frozenset({"members", "account"})
    )
    errors = check_tracked_managers()
    assert {error.id for error in errors} == {"core.E001"}
    assert "account.EmailAddress.objects" in {
        error.msg.split(" ")[0] for error in errors
    }


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_stamps_are_renewed_when_read_or_at_commit():
    """No round trip to the cache while the transaction may hold row locks: the
    stamps change when the same thread next reads one, or when it commits."""
    key = fragments.version_key("members.person")
    before = versions.read([key])[key]
    with transaction.atomic():
        PersonFactory()
        assert cache.get(key) == before  # not renewed yet: nobody else sees the row
        inside = versions.read([key])[key]  # the transaction reads its own write
        assert inside != before
        PersonFactory()
    assert cache.get(key) not in (before, inside)
