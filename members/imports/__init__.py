"""Import of an existing member list (CSV or XLSX) into the registry.

Two steps, so nothing is ever half-saved:

1. ``import_check`` (the dry run) reads the file, validates every row with the
   registry's own form (``OrganizationForm``: the import and the web form apply the same
   rules), matches it against the registry (法人番号, else normalized name +
   municipality) and against the rows above it, and keeps every row's outcome and
   errors in an ``ImportBatch``. The registry does not change.
2. ``import_commit_start`` queues ``import_commit_run`` (a Celery task), which applies
   the rows through the registry services in one transaction. A row whose record was
   saved by someone after the dry run (its version moved on) fails with the conflict
   message, and any failure rolls everything back.

Columns are found by their Japanese header (``ORGANIZATION_COLUMNS``; the downloadable
template names them). Row numbers are the spreadsheet's: the header is row 1.
In an update, a blank cell keeps what the registry has; values are cleared on the
organization's page, never by an import.
"""

from wco_sse.core.files import register_file_owner

from ..models import ImportBatch
from .columns import (
    COLUMN_SETS,
    ORGANIZATION_COLUMNS,
    PERSON_COLUMNS,
    organization_export_columns,
    person_export_columns,
)
from .commit import import_commit_run
from .reading import ImportFileError, read_table
from .services import (
    import_check,
    import_check_again,
    import_commit_start,
    import_discard,
    import_forget_columns,
    import_map_columns,
    mapping_choices,
)
from .template import import_template

__all__ = [
    "COLUMN_SETS",
    "ORGANIZATION_COLUMNS",
    "PERSON_COLUMNS",
    "ImportFileError",
    "import_check",
    "import_check_again",
    "import_commit_run",
    "import_commit_start",
    "import_discard",
    "import_forget_columns",
    "import_map_columns",
    "import_template",
    "mapping_choices",
    "organization_export_columns",
    "person_export_columns",
    "read_table",
]

# The file of an import is the secretariat's, as the import is: shown to whoever may
# import, deleted by nobody (it is where the imported rows came from).
register_file_owner(ImportBatch, view="members.import_registry", edit="members.nobody")
