import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wco_sse.core.uploads import validate_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _ooxml(top):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{top}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("minutes.pdf", PDF, "pdf"),
        ("photo.PNG", PNG, "png"),
        ("photo.jpeg", JPEG, "jpeg"),
        ("members.xlsx", _ooxml("xl"), "xlsx"),
        ("letter.docx", _ooxml("word"), "docx"),
        ("list.csv", "名前,カナ\n佐藤,サトウ\n".encode(), "csv"),
        ("list_sjis.csv", "名前,カナ\n佐藤,サトウ\n".encode("cp932"), "csv"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_allowed_files_pass_by_content(name, content, kind):
    assert validate_upload(SimpleUploadedFile(name, content)).name == kind


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("tool.exe", b"MZ\x90\x00", "type_not_allowed"),
        ("page.html", b"<html></html>", "type_not_allowed"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "type_not_allowed"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "content_mismatch"),
        ("photo.png", PDF, "content_mismatch"),
        ("members.xlsx", _ooxml("word"), "content_mismatch"),
        ("archive.docx", b"PK\x03\x04garbage", "content_mismatch"),
        ("binary.csv", b"\x00\x01\x02\x03", "content_mismatch"),
        ("empty.pdf", b"", "empty"),
        ("noextension", PDF, "type_not_allowed"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_refused_files_say_why(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))
    assert error.value.code == code
    assert error.value.messages[0]


def test_oversized_file_is_refused(settings):
    settings.WCO_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert error.value.code == "too_large"


def test_a_zip_listing_too_many_parts_is_refused_unread():
    """zipfile would read a directory of thousands of members whole (an object per
    member): one larger than an Office file's is refused before it is opened."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for number in range(3000):
            archive.writestr(f"xl/{number:0100d}.xml", "")
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("members.xlsx", buffer.getvalue()))
    assert error.value.code == "zip_too_large"
