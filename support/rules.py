import rules  # noqa: F401  (the support section's object rules arrive with its pages)

# The support section's landing page is public: citizens find the W.Co School and the
# consultation desk there.
