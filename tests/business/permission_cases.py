"""The business section's rows of the permission matrix (issue 17), one module per
part. The section and the secretariat run everything; the board (監事 included) and
the 常勤役員 read everything; the operations council reads programmes; a site's
recorders enter its sessions; anyone reads the public directory of sites."""

from tests.business.cases_contracts import CASES as CONTRACTS
from tests.business.cases_programmes import CASES as PROGRAMMES
from tests.business.cases_reports import CASES as REPORTS
from tests.business.cases_sites import CASES as SITES

CASES = PROGRAMMES + CONTRACTS + REPORTS + SITES
