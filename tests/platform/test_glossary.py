"""The Japanese catalogue uses the glossary's words (DESIGN.md, "Glossary (用語集)").

A user meets each concept under one name on every page: a course's capacity is 定員
everywhere, never 資格 on one page; a withdrawn application is 取消, never 中止 (which
reads as "the course was called off"). Where an English word means something else in
one place, the source gives that place a message context, and the entry with the
context may read differently; the entries without a context must follow the glossary.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES" / "django.po"

# The glossary's concepts as the source writes them in English, with the word the
# Japanese must use. An entry whose msgid is one of these terms (no context, or one of
# the contexts named) translates to exactly that word.
TERMS = {
    # member organization classes, people
    ("Regular member", None): "正会員",
    ("Supporting member", None): "賛助会員",
    ("Regular members", None): "正会員",
    ("Supporting members", None): "賛助会員",
    # courses
    ("Capacity", None): "定員",
    ("capacity", None): "定員",
    ("Waitlist", None): "キャンセル待ち",
    ("Application period", None): "申込期間",
    ("Attendance", None): "出欠",
    ("Certificate of completion", None): "修了証",
    ("Cancelled", "course application"): "取消",
    ("Confirmed", "course application"): "確定",
    ("Cancelled", "course state"): "中止",
    # consultations
    ("Assigned advisor", None): "担当相談員",
    ("assigned advisor", None): "担当相談員",
    ("Appointment slot", None): "面談枠",
    ("appointment slot", None): "面談枠",
    ("Case records (confidential)", None): "相談記録（非公開）",
    ("Closed", None): "対応終了",
    ("Referred to another body", None): "他機関へ紹介",
    # agenda items
    ("Agenda items", None): "議案",
    ("agenda item", None): "議案",
    ("Agenda submission deadline", None): "議案提出締切",
    ("agenda submission deadline", None): "議案提出締切",
    ("Place on a meeting", None): "上程する",
    ("On the agenda", None): "上程",
    ("Returned", None): "差し戻し",
    ("Return to the section", None): "差し戻す",
    ("From", "agenda item source"): "提出元",
    ("from", "agenda item source"): "提出元",
    ("For", "target meeting of an agenda item"): "提出先：",
    ("For", "votes"): "賛成",
    ("For decision", None): "審議事項",
    ("Report", None): "報告事項",
    ("For discussion", None): "協議事項",
    ("Approved", None): "可決",
    ("Rejected", None): "否決",
    ("Approved with amendments", None): "修正可決",
    ("Carried over", None): "継続審議",
    ("Reported", None): "報告済",
    ("Discussed", None): "協議済",
    ("Consent forms", None): "同意書",
    ("consent form", None): "同意書",
    ("Quorum", None): "定足数",
    ("quorum", None): "定足数",
    ("Chair", None): "議長",
    ("chair", None): "議長",
    ("Special-interest directors", None): "特別利害関係理事",
    ("Minutes signatory", None): "議事録署名人",
    ("minutes signatory", None): "議事録署名人",
    # meetings
    ("Scheduled", None): "予定",
    ("Convened", None): "招集済",
    ("Held", None): "開催済",
    ("Minutes confirmed", None): "議事録確定",
    ("Cancelled", None): "中止",
    ("Postponed", None): "延期",
    ("Present", None): "出席",
    ("Present online", None): "オンライン出席",
    ("Absent", None): "欠席",
    ("By proxy", None): "委任状",
    ("Written vote", None): "書面表決",
}

# English phrases that name a glossary concept wherever they appear in a message: the
# translation must then carry the glossary's word.
PHRASES = [
    (r"waitlist", "キャンセル待ち"),
    (r"capacity", "定員"),
    (r"seats? left", "残席"),
    (r"agenda items?", "議案"),
    (r"appointment slots?", "面談枠"),
    (r"quorum", "定足数"),
    (r"resolutions? without a meeting", "決議の省略"),
    (r"consent forms?", "同意書"),
    (r"minutes signator(y|ies)", "議事録署名人"),
    (r"special[- ]interests?", "特別利害関係"),
    (r"assigned advisor", "担当相談員"),
    (r"advisors?", "相談員"),
    (r"submission deadline", "議案提出締切"),
    (r"case records?", "相談記録"),
    (r"certificate", "修了証"),
    (r"regular members?", "正会員"),
    (r"supporting members?", "賛助会員"),
    (r"W\.Co School", "W.Coスクール"),
    (r"promot(e|ed|ion)", "繰り上"),
    (r"written votes?", "書面表決"),
    (r"proxy|proxies", "委任状"),
    (r"general assembly", "社員総会"),
    (r"consultation desk", "相談窓口"),
    (r"W\.Co representative", "W.Co代表者"),
    (r"citizens?", "市民"),
    (r"fee", "受講料"),
    (r"auditors?", "監事"),
    (r"convocation", "招集"),
]

# Messages that name the concept but rightly read without the word, and why.
PHRASE_EXCEPTIONS = {
    # the capacity a person attends a meeting in (理事, 監事, 議長 …), not seats
    ("role at a meeting", "capacity"),
    (None, "For %(name)s (%(capacity)s)"),
}

# Words that belong to one concept: a translation may use them only where the English
# names that concept.
RESERVED = [
    ("資格", r"capacity|qualif|membership"),
    ("中止", r"cancel"),
    ("定員", r"capacity|seat|full"),
    ("賛成", r"\bfor\b|favour|majority|vote|adopt"),
    ("差し戻", r"return"),
    ("上程", r"agenda|place|schedul|referr|goes to"),
]


@pytest.fixture(scope="module")
def catalogue():
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def _text(entry):
    return entry.msgstr or entry.msgstr_plural.get(0, "")


def test_glossary_terms_translate_to_the_glossary_word(catalogue):
    """Each glossary term reads as the glossary's Japanese, in every entry that is it."""
    index = {(entry.msgid, entry.msgctxt): _text(entry) for entry in catalogue}
    missing = [key for key in TERMS if key not in index]
    assert not missing, f"glossary terms no longer in the catalogue: {missing}"
    wrong = {
        key: (index[key], expected)
        for key, expected in TERMS.items()
        if index[key] != expected
    }
    assert not wrong, wrong


def test_messages_naming_a_concept_use_the_glossary_word(catalogue):
    """A sentence about a waitlist says キャンセル待ち, about capacity 定員, and so on."""
    wrong = []
    for pattern, word in PHRASES:
        found = re.compile(r"(?<![\w.])(" + pattern + r")(?!\w)", re.IGNORECASE)
        for entry in catalogue:
            if (entry.msgctxt, entry.msgid) in PHRASE_EXCEPTIONS:
                continue
            if found.search(entry.msgid) and word not in _text(entry):
                wrong.append((entry.msgctxt, entry.msgid, _text(entry), word))
    assert not wrong, "\n".join(map(str, wrong))


def test_glossary_words_are_not_used_for_other_things(catalogue):
    """資格 is never a course's capacity, 中止 never a withdrawn application, …"""
    wrong = []
    for word, english in RESERVED:
        allowed = re.compile(english, re.IGNORECASE)
        for entry in catalogue:
            text = _text(entry)
            if word in text and not allowed.search(entry.msgid):
                wrong.append((entry.msgctxt, entry.msgid, text, word))
    assert not wrong, "\n".join(map(str, wrong))


def test_course_capacity_and_target_meeting_read_right(settings):
    """The two mistranslations the issue saw: 定員 on a course, 提出先 on an item."""
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    with translation.override("ja"):
        assert gettext("Capacity") == "定員"
        assert pgettext("target meeting of an agenda item", "For") == "提出先："
        assert pgettext("course application", "Cancelled") == "取消"
