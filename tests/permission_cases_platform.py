"""Rows of the permission matrix for the project-wide pages and the section landings."""

from tests.permission_vocabulary import *

# A POST to a page that only answers GET: whoever may see the page is told the method is
# not allowed; the permission check runs first, so everyone else is refused as for GET.
CASES = (
    # --- Public pages ---------------------------------------------------------------------------
    Case("home", get=everyone(PAGE), post=everyone(NOT_ALLOWED)),
    Case("privacy", get=everyone(PAGE), post=everyone(NOT_ALLOWED)),
    # DESIGN only says /healthz answers 200 when its services answer; it is a plain
    # function view that answers any method (a POST would still need a CSRF token).
    Case("healthz", get=everyone(PAGE), post=everyone(PAGE)),
    # The support section's landing is public: citizens find the W.Co School and the
    # consultation desk there (DESIGN: citizens apply for public courses, request
    # consultations).
    Case("support:index", get=everyone(PAGE), post=everyone(NOT_ALLOWED)),
    # --- Section and governance landings --------------------------------------------------------
    # Governance: the secretariat runs meetings, the board and the auditor read them, the
    # council coordinates agenda items, every section drafts them. Nobody else.
    Case(
        "secretariat:index",
        get=allow(SECRETARIAT | BOARD | COUNCIL | SECTION_MEMBERS),
        post=allow(SECRETARIAT | BOARD | COUNCIL | SECTION_MEMBERS, NOT_ALLOWED),
    ),
    # The network section runs the fund: its committee reviews applications; the board
    # reads the ledger and the auditor reads money; the council shares across sections.
    # A representative "applies to the fund" for their W.Co; that is a page of its own
    # (still to come), not a grant of the section's landing.
    Case(
        "network:index",
        get=allow(SECRETARIAT | BOARD | COUNCIL | {"network", "fund"}),
        post=allow(SECRETARIAT | BOARD | COUNCIL | {"network", "fund"}, NOT_ALLOWED),
    ),
    Case(
        "business:index",
        get=allow(SECRETARIAT | BOARD | COUNCIL | {"business"}),
        post=allow(SECRETARIAT | BOARD | COUNCIL | {"business"}, NOT_ALLOWED),
    ),
)
