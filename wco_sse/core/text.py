"""Text people type: without direction controls, and of a known length.

A direction control (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) changes how the text
after it is shown without showing itself: 山田, U+202E, 郎太 reads as 山田太郎, and
請求書, U+202E, fdp.exe as a PDF. Nobody types one into a name, a title or a file name
on purpose, so ``strip_bidi`` takes them out of every single-line field
(``wco_sse.core.forms.PortalBoundField``), of registry names saved by any path, of
search queries and of uploaded files' names.

The maximum lengths are the portal's few sizes of free text; each form field says its
own (a long text shows it next to the field).
"""

# U+061C ARABIC LETTER MARK, U+200E/F LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK, U+202A–E
# the embeddings and overrides with their POP, U+2066–9 the isolates with theirs.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_WITHOUT_BIDI = str.maketrans(dict.fromkeys(BIDI_CONTROLS))

# Notes, reasons, comments, a request in a few paragraphs.
NOTE_MAX_LENGTH = 2_000
# A course's or a consultation's description.
DESCRIPTION_MAX_LENGTH = 4_000
# Minutes' sections, proposals, notices, emails to participants, case records.
LONG_TEXT_MAX_LENGTH = 10_000


def strip_bidi(text):
    """``text`` without direction controls (anything else, such as None, unchanged)."""
    if not isinstance(text, str):
        return text
    return text.translate(_WITHOUT_BIDI)
