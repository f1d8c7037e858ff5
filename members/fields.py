"""The registry's field lists, each written once: the forms show them, the services
save them, the imports read and compare them.

The lists are built from small groups so that every field name appears here once. A
service applies a list in its order, which is also the order of the changes an audit
entry and an import's dry run show.
"""

ADDRESS_FIELDS = (
    "postal_code", "prefecture", "municipality", "city_outside", "address", "building",
)  # fmt: skip

# --- Organizations -----------------------------------------------------------------------------
ORGANIZATION_CONTACT_FIELDS = ("email", "phone", "fax", "website", "preferred_contact")
# What a W.Co's representative may change on their W.Co; the rest is the registry's.
ORGANIZATION_PROFILE_FIELDS = (
    *ORGANIZATION_CONTACT_FIELDS,
    *ADDRESS_FIELDS,
    "workers_count",
)
# What only the registry (the secretariat) keeps.
ORGANIZATION_RECORD_FIELDS = (
    "name", "name_kana", "kind", "corporate_number", "industry", "membership_class",
    "status", "founded_on", "joined_on", "left_on",
)  # fmt: skip
ORGANIZATION_REGISTRY_FIELDS = (
    *ORGANIZATION_RECORD_FIELDS,
    "notes",
    *ORGANIZATION_PROFILE_FIELDS,
)
# The registry's form shows the same fields, grouped for reading: the record, the size,
# how to reach it, where it is, the notes last.
ORGANIZATION_FORM_FIELDS = (
    *ORGANIZATION_RECORD_FIELDS,
    "workers_count",
    *ORGANIZATION_CONTACT_FIELDS,
    *ADDRESS_FIELDS,
    "notes",
)
# Contact details edited in place on a W.Co's page (and shown in its profile panel).
ORGANIZATION_INLINE_FIELDS = ("phone", "fax", "email", "website")

# --- People ------------------------------------------------------------------------------------
PERSON_NAME_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
)
# What a person may change about themself on "my page".
PERSON_SELF_FIELDS = (
    *PERSON_NAME_FIELDS, "email", "phone", "mobile", "fax", "preferred_contact",
    "language", *ADDRESS_FIELDS,
)  # fmt: skip
# What only the registry keeps about a person.
PERSON_RECORD_FIELDS = ("is_individual_supporter", "supporter_since", "notes")
PERSON_REGISTRY_FIELDS = (*PERSON_SELF_FIELDS, *PERSON_RECORD_FIELDS)
# A person added to a W.Co's member list from its page.
NEW_MEMBER_FIELDS = (*PERSON_NAME_FIELDS, "email")
