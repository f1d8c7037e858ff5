"""Japanese display formats, so a date the templates print without a filter reads as
``wco_sse.core.dates`` writes it: 2026年12月12日(土) 14:00."""

DATE_FORMAT = "Y年n月j日(D)"
DATETIME_FORMAT = "Y年n月j日(D) H:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
