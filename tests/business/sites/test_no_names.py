"""No business model has a field for a supported person's name. Every field of
every model of the section is listed here against words that would suggest one; and
the fields of Session and Site are pinned, so a new field there needs a decision."""

from django.apps import apps

from business.models import Session, Site

# Words in a field's name that would suggest it holds a person supported.
SUSPECT = (
    "client_name",
    "beneficiary",
    "participant",
    "attendee",
    "visitor",
    "child_name",
    "family",
    "guardian",
    "parent",
    "kana",
    "birth",
    "user_name",
    "person_name",
    "full_name",
)
# Fields whose names contain "name" and are known not to name a person supported.
NAMED_NOT_PEOPLE = {
    ("Site", "name"),
    ("SessionType", "name"),
    ("FundingCondition", "funder_name"),
    ("ProgrammeKind", "name"),
    ("IndicatorSet", "name"),
    ("Indicator", "name"),
    ("ReportTemplate", "name"),
}


def _fields(model):
    return {field.name for field in model._meta.get_fields() if field.concrete}


def test_no_business_field_suggests_a_supported_persons_name():
    wrong = []
    for model in apps.get_app_config("business").get_models():
        for name in _fields(model):
            lowered = name.lower()
            if any(word in lowered for word in SUSPECT) or (
                "name" in lowered and (model.__name__, name) not in NAMED_NOT_PEOPLE
            ):
                wrong.append(f"{model.__name__}.{name}")
    assert not wrong, (
        "These business fields look like they could hold a supported person's name; "
        "reports and sessions hold counts, never names: " + ", ".join(sorted(wrong))
    )


def test_a_session_holds_counts_only():
    assert _fields(Session) == {
        "id",
        "site",
        "date",
        "starts",
        "ends",
        "type",
        "adults",
        "children",
        "children_preschool",
        "children_primary",
        "children_secondary",
        "households",
        "meals",
        "food_packages",
        "volunteers",
        "volunteer_hours",
        "staff",
        "note",
        "version",
        "recorded_by",
        "created_at",
        "updated_at",
    }


def test_a_site_names_a_place_not_people():
    assert _fields(Site) == {
        "id",
        "programme",
        "name",
        "kind",
        "operator",
        "postal_code",
        "prefecture",
        "municipality",
        "city_outside",
        "address",
        "building",
        "opening_pattern",
        "opening_days",
        "public",
        "active",
        "note",
        "created_at",
        "updated_at",
    }
