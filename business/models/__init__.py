from .contracts import (
    BudgetLine,
    Contract,
    ContractPersonnel,
    CostCategory,
    DataDisposal,
    Expense,
    Incident,
)
from .indicators import (
    Indicator,
    IndicatorSet,
    IndicatorSetVersion,
    ProgrammeIndicatorYear,
)
from .programmes import Partner, Programme, ProgrammeKind
from .reports import PeriodReport, ReportTemplate, ReportValue
from .sites import (
    WEEKDAY_BITS,
    FundingCondition,
    Session,
    SessionType,
    Site,
    SiteRecorder,
)

__all__ = [
    "WEEKDAY_BITS",
    "BudgetLine",
    "Contract",
    "ContractPersonnel",
    "CostCategory",
    "DataDisposal",
    "Expense",
    "FundingCondition",
    "Incident",
    "Indicator",
    "IndicatorSet",
    "IndicatorSetVersion",
    "Partner",
    "PeriodReport",
    "Programme",
    "ProgrammeIndicatorYear",
    "ProgrammeKind",
    "ReportTemplate",
    "ReportValue",
    "Session",
    "SessionType",
    "Site",
    "SiteRecorder",
]
