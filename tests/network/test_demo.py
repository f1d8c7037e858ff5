import pytest

from network import demo as network_demo
from network.models import Contact
from wco_sse.core.transactions import composing


@pytest.mark.django_db
def test_the_demo_has_a_year_of_contacts_with_partners(demo):
    with composing():
        network_demo.seed(demo.ctx)
        network_demo.seed(demo.ctx)  # idempotent
    contacts = Contact.objects.all()
    assert contacts.count() == 30
    names = set(contacts.values_list("organization__name", flat=True))
    assert {"生活クラブ生活協同組合（神奈川）", "横浜市", "川崎市"} <= names
    assert len(names) == 5
    assert Contact.objects.overdue().exists()
    assert contacts.filter(follow_up_done=True).exists()
    assert set(contacts.values_list("category", flat=True)) >= {
        "consumer_coop",
        "government",
        "cooperative",
        "business_finance",
    }
