"""Reference data every installation has: Kanagawa's municipalities and the industries.

Loaded by migration 0004, and again by seed_demo when a test database was flushed.
"""

from .kanagawa import INDUSTRIES, MUNICIPALITIES


def load(municipality_model, industry_model):
    from members.models.places import local_government_check_digit

    by_code = {}
    for code5, name, kana, kind, parent in MUNICIPALITIES:
        municipality, _ = municipality_model.objects.update_or_create(
            code=f"{code5}{local_government_check_digit(code5)}",
            defaults={
                "name": name,
                "name_kana": kana,
                "kind": kind,
                "parent": by_code.get(parent),
                "prefecture": "神奈川県",
            },
        )
        by_code[code5] = municipality
    for order, name in enumerate(INDUSTRIES, start=1):
        industry_model.objects.update_or_create(
            name=name, defaults={"order": order * 10}
        )


def ensure_loaded():
    from members.models import Industry, Municipality

    if (
        Municipality.objects.count() < len(MUNICIPALITIES)
        or not Industry.objects.exists()
    ):
        load(Municipality, Industry)
