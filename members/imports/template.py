"""The template to fill in: the headers, an example row and how to write each
column."""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from ..models import ImportBatch
from .columns import COLUMN_SETS

# --- The template ------------------------------------------------------------------------------

EXAMPLE_ROWS = {
    ImportBatch.Kind.ORGANIZATIONS: (
        {
            "団体名": "ワーカーズ・コレクティブ 配食あおば",
            "フリガナ": "ワーカーズ・コレクティブ ハイショクアオバ",
            "区分": "W.Co",
            "法人格": "任意団体",
            "業種": "配食",
            "郵便番号": "225-0002",
            "都道府県": "神奈川県",
            "市区町村": "横浜市青葉区",
            "住所": "美しが丘1-2-3",
            "電話番号": "045-000-0000",
            "FAX": "045-000-0001",
            "連絡方法": "FAX",
            "設立日": "平成15年4月1日",
            "従事者数": 12,
            "代表者": "山田 花子",
            "代表者フリガナ": "ヤマダ ハナコ",
            "会員種別": "正会員",
            "入会日": "2008/10/01",
            "状態": "活動中",
        },
    ),
    ImportBatch.Kind.PEOPLE: (
        {
            "姓": "山田",
            "名": "花子",
            "セイ": "ヤマダ",
            "メイ": "ハナコ",
            "電話番号": "045-000-0000",
            "連絡方法": "電話",
            "市区町村": "横浜市青葉区",
            "個人賛助会員": "いいえ",
            "役職": "代表者",
            "所属開始日": "2008/10/01",
        },
    ),
}
MATCHING_NOTES = {
    ImportBatch.Kind.ORGANIZATIONS: gettext_lazy(
        "Rows are matched with the registry by 法人番号, else by name and "
        "municipality. In a row that updates an organization, an empty cell keeps "
        "what the registry has. A row's 代表者 is recorded as the organization's "
        "representative."
    ),
    ImportBatch.Kind.PEOPLE: gettext_lazy(
        "Rows are matched with the registry by name and kana (and by email where two "
        "people share a name). In a row that updates a person, an empty cell keeps "
        "what the registry has. One row per person; their W.Co must already be in the "
        "registry."
    ),
}


def import_template(file_format="xlsx", kind=ImportBatch.Kind.ORGANIZATIONS):
    """The template to fill in: (content, content type, file name)."""
    column_set = COLUMN_SETS[kind]
    headers = [column.header for column in column_set.columns]
    if file_format == "csv":
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\r\n").writerow(headers)
        return (
            buffer.getvalue().encode("utf-8-sig"),
            "text/csv; charset=utf-8",
            f"{column_set.filename}.csv",
        )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = column_set.sheet_title
    sheet.append(headers)
    sheet.freeze_panes = "A2"
    example = workbook.create_sheet(_("Example"))
    example.append(headers)
    for row in EXAMPLE_ROWS[kind]:
        example.append([row.get(header, "") for header in headers])
    notes = workbook.create_sheet(_("How to fill in"))
    notes.append([_("Column"), _("Required"), _("How to write it")])
    for column in column_set.columns:
        notes.append(
            [column.header, _("Required") if column.required else "", str(column.help)]
        )
    notes.append([])
    notes.append([str(MATCHING_NOTES[kind])])
    for each in (sheet, example, notes):
        for cell in each[1]:
            cell.font = Font(bold=True)
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            each.column_dimensions[letter].width = 16
    notes.column_dimensions["C"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return (
        buffer.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{column_set.filename}.xlsx",
    )
