"""A person holding one record of each kind the portal keeps about people.

Each app's part makes its own records in ``tests/privacy/kinds_<app>.py``:
``make(person) -> dict`` creates at least one row of every model its app declares
with a link to a person (through the services where they exist), for ``person``
(who has an account), and answers the records made by model label. The export,
erasure and benchmark tests take the union."""

import importlib

from tests.factories import PersonFactory, UserFactory

KIND_APPS = ("members", "secretariat", "support", "network", "business")


def person_with_every_kind(**person_fields):
    account = UserFactory()
    person = PersonFactory(account=account, **person_fields)
    made = {}
    for app in KIND_APPS:
        try:
            module = importlib.import_module(f"tests.privacy.kinds_{app}")
        except ModuleNotFoundError as error:
            if error.name != f"tests.privacy.kinds_{app}":
                raise
            continue
        made.update(module.make(person))
    return person, made
