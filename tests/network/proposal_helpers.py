"""Policy proposals made through the service, as the network section records them."""

from network import services
from tests.network.helpers import partner


def proposal(demo, *, by="network", addressees=None, **data):
    values = {
        "kind": "policy",
        "title": "協同労働の普及に関する政策提言",
        "purpose": "自治体の協働事業に協同労働を位置づけるため。",
        "body": "提言の本文です。",
        "answer_summary": "",
        "addressees": addressees if addressees is not None else [partner()],
        **data,
    }
    return services.proposal_create(actor=demo[by], data=values)
