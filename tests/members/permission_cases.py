"""The registry's rows of the permission matrix."""

from tests.permission_vocabulary import *

CASES = (
    # --- The registry -----------------------------------------------------------------------------
    # Reading of DESIGN: the registry is the shared record every part of the portal works
    # from, so everyone who holds an office or function reads it; the secretariat keeps it.
    # A representative, a member or a citizen reads no list of other people.
    Case(
        "members:index",
        get=allow(ROLE_HOLDERS),
        post=allow(ROLE_HOLDERS, NOT_ALLOWED),
    ),
    Case(
        "members:organization_list",
        get=allow(ROLE_HOLDERS),
        post=allow(ROLE_HOLDERS, NOT_ALLOWED),
    ),
    # The list of people, with their contact details, is personal data: the secretariat
    # keeps it (APPI: the fewest roles); the sections reach people through their own work.
    Case(
        "members:person_list",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    # Every demo account has a person record, so every one has a "my page".
    Case("members:mypage", get=signed_in(PAGE), post=signed_in(NOT_ALLOWED)),
    # A W.Co's page: role holders, and the people affiliated with it; to anyone else
    # the W.Co does not exist. Its page takes no POST (uploads have their own URL).
    Case(
        "members:organization_detail",
        kwargs=home_wco,
        get=allow(ROLE_HOLDERS | REP | MEMBER, hidden=CITIZEN),
        post=signed_in(NOT_ALLOWED),
    ),
    Case(
        "members:organization_detail",
        kwargs=other_wco,
        get=allow(ROLE_HOLDERS, hidden=NO_ROLE),
        post=signed_in(NOT_ALLOWED),
    ),
    Case(
        "members:organization_detail",
        kwargs=missing_wco,
        get=allow(hidden=SIGNED_IN),
        post=signed_in(NOT_ALLOWED),
    ),
    # Its documents: the representative edits their W.Co's profile, the secretariat keeps
    # the registry. Those who see the W.Co but may not edit it are refused; those who may
    # not see it get 404. An empty upload re-renders the form with its errors.
    Case(
        "members:organization_file_upload",
        kwargs=home_wco,
        get=allow(SECRETARIAT | REP, hidden=CITIZEN),
        post=allow(SECRETARIAT | REP, FORM_ERRORS, hidden=CITIZEN),
    ),
    Case(
        "members:organization_file_upload",
        kwargs=other_wco,
        get=allow(SECRETARIAT, hidden=NO_ROLE),
        post=allow(SECRETARIAT, FORM_ERRORS, hidden=NO_ROLE),
    ),
    # A file is shown to whoever may see the record it is attached to.
    Case(
        "members:file_download",
        kwargs=file_on_home_wco,
        get=allow(ROLE_HOLDERS | REP | MEMBER, hidden=CITIZEN),
        post=signed_in(NOT_ALLOWED),
    ),
    Case(
        "members:file_download",
        kwargs=file_on_other_wco,
        get=allow(ROLE_HOLDERS, hidden=NO_ROLE),
        post=signed_in(NOT_ALLOWED),
    ),
    # ... and deleted by whoever may edit that record (a fresh file for every request).
    Case(
        "members:file_delete",
        kwargs=file_on_home_wco,
        get=signed_in(NOT_ALLOWED),
        post=allow(SECRETARIAT | REP, DONE, hidden=CITIZEN),
    ),
    Case(
        "members:file_delete",
        kwargs=file_on_other_wco,
        get=signed_in(NOT_ALLOWED),
        post=allow(SECRETARIAT, DONE, hidden=NO_ROLE),
    ),
    # A person's record: the secretariat, and the person themself; to anyone else the
    # record does not exist. A representative "edits their W.Co's member list" on the
    # W.Co's page, which lists its people; that grants no reading of their records.
    Case(
        "members:person_detail",
        kwargs=own_record,
        get=signed_in(PAGE),
        post=signed_in(NOT_ALLOWED),
    ),
    Case(
        "members:person_detail",
        kwargs=member_record,
        get=allow(SECRETARIAT | MEMBER, hidden=SIGNED_IN - SECRETARIAT - MEMBER),
        post=signed_in(NOT_ALLOWED),
    ),
    # --- Roles and accounts: the secretary-general alone assigns roles --------------------------
    # Staff see the assignments (they keep the registry) but change none.
    Case(
        "members:role_list",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:role_assign",
        get=allow(SECGEN),
        post=allow(SECGEN, FORM_ERRORS),
    ),
    Case(
        "members:role_end",
        kwargs=fund_role,
        get=allow(SECGEN),
        post=allow(SECGEN, FORM_ERRORS),
    ),
    # Resetting someone's second factor unlocks their account: as high-risk as a role.
    Case(
        "members:second_factor_reset",
        kwargs=rep_record,
        get=allow(SECGEN),
        post=allow(SECGEN, FORM_ERRORS),
    ),
)


# --- Importing a member list --------------------------------------------------------------------
# Reading of DESIGN and issue 3: the secretariat keeps the registry, and an import writes
# many of its records at once, so the secretariat alone imports. Everyone else signed in
# is refused; a visitor is sent to sign in. An empty upload comes back with its errors.


def checked_import(demo, who):
    """A fresh dry run of a one-row list, by the demo's secretariat staff."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.imports import import_check

    content = "団体名,フリガナ,市区町村,電話番号\r\n新しい団体,アタラシイ,鎌倉市,0467-00-0000\r\n"
    batch = import_check(
        actor=demo["staff"],
        uploaded=SimpleUploadedFile("members.csv", content.encode("utf-8")),
    )
    return {"pk": batch.pk}


def missing_import(demo, who):
    return {"pk": "00000000-0000-4000-8000-000000000000"}


CASES += (
    Case(
        "members:import_upload",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:import_template",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:import_detail",
        kwargs=checked_import,
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:import_detail",
        kwargs=missing_import,
        get=allow(SECRETARIAT, NOT_FOUND),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    # Committing, discarding and checking again are POSTs that go back to an import's page.
    Case(
        "members:import_commit",
        kwargs=checked_import,
        get=allow(SECRETARIAT, NOT_ALLOWED),
        post=allow(SECRETARIAT, DONE),
    ),
    Case(
        "members:import_discard",
        kwargs=checked_import,
        get=allow(SECRETARIAT, NOT_ALLOWED),
        post=allow(SECRETARIAT, DONE),
    ),
    Case(
        "members:import_check_again",
        kwargs=checked_import,
        get=allow(SECRETARIAT, NOT_ALLOWED),
        post=allow(SECRETARIAT, DONE),
    ),
)
