"""The support section's reference data, made by migration 0005 and made again by the
demo where a test database was flushed."""

# (name, expires): the list of qualifications the secretariat starts from and keeps
# afterwards (the talent bank's 資格).
QUALIFICATIONS = (
    ("介護福祉士", False),
    ("介護職員初任者研修", False),
    ("実務者研修", False),
    ("介護支援専門員", True),
    ("保育士", False),
    ("子育て支援員", False),
    ("調理師", False),
    ("栄養士", False),
    ("管理栄養士", False),
    ("看護師", False),
    ("食品衛生責任者", False),
    ("普通自動車運転免許", True),
    ("普通救命講習", True),
)

# The W.Co School's operating committee (運営委員会), a support-section body.
SCHOOL_COMMITTEE_NAME = "W.Coスクール運営委員会"
SCHOOL_COMMITTEE_DESCRIPTION = "W.Coスクールの講座の企画と運営を担う委員会です。"
