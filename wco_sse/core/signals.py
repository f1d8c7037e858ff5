"""The platform's signals.

``rows_changed``: rows of a portal model were written — saved, deleted, or changed in
bulk (``wco_sse.core.tracking`` sends it for every write). ``sender`` is the model;
``instances`` the rows where they are known, else None.

``data_reloaded``: data was loaded or replaced in bulk (demo data, a restore), with
no signal per row: everything derived from it is stale.
"""

from django.dispatch import Signal

rows_changed = Signal()
data_reloaded = Signal()
