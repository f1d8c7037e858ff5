"""The fund's rows of the permission matrix, one module per part (issue 14)."""

from tests.network.fund_cases_awards import CASES as AWARDS
from tests.network.fund_cases_money import CASES as MONEY
from tests.network.fund_cases_review import CASES as REVIEW
from tests.network.fund_cases_rounds import CASES as ROUNDS

CASES = MONEY + ROUNDS + REVIEW + AWARDS
