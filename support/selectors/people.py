"""Registry reads the support section needs: membership, the people the
secretariat searches when someone phones in, and a person for disclosure."""

from django.db.models import Q

from members.models import Affiliation, Organization, Person
from members.pickers import people_search
from wco_sse.core.selectors import get_visible_or_404

MEMBER_CLASSES = (
    Organization.MembershipClass.REGULAR,
    Organization.MembershipClass.SUPPORTING,
)

SEARCH_LIMIT = 30


def person_is_member(person, day=None):
    """A confirmed affiliation with a 正会員/賛助会員 organization, or an individual
    賛助会員 (for a person who may have no account)."""
    if person.is_individual_supporter:
        return True
    return (
        Affiliation.objects.current(day)
        .filter(
            person=person,
            confirmed=True,
            organization__membership_class__in=MEMBER_CLASSES,
        )
        .exists()
    )


def search_text(value):
    """A search box's text as a query may take it. A NUL can't be part of a query
    on PostgreSQL, not even of its pattern."""
    return (value or "").replace("\x00", "").strip()[:60]


def people_matching(search):
    """Registry people whose name, kana (as typed: hiragana or katakana), phone or
    email contains ``search``, in 五十音順, at most ``SEARCH_LIMIT``, with their
    organizations (so namesakes are told apart); nobody for an empty search."""
    if not search:
        return Person.objects.none()
    return people_search(search, also=Q(phone__icontains=search), limit=SEARCH_LIMIT)


def disclosure_person_get_for(*, user, pk):
    """The person whose consultations are disclosed: the secretary-general's."""
    return get_visible_or_404(
        Person.objects.all(), user=user, perms=("support.export_disclosure",), pk=pk
    )
