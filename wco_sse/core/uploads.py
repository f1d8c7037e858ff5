"""The upload policy: which files the portal accepts, judged by content, not by name.

Allowed: PDF, PNG, JPEG, XLSX, DOCX and CSV, up to ``WCO_UPLOAD_MAX_BYTES``. The
extension must agree with what the bytes are; a renamed executable or a PDF called
.png is refused with a message saying so.
"""

import hashlib
import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    name: str
    extensions: tuple
    content_type: str


PDF = FileKind("pdf", (".pdf",), "application/pdf")
PNG = FileKind("png", (".png",), "image/png")
JPEG = FileKind("jpeg", (".jpg", ".jpeg"), "image/jpeg")
XLSX = FileKind(
    "xlsx",
    (".xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
DOCX = FileKind(
    "docx",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
CSV = FileKind("csv", (".csv",), "text/csv")
ALL_KINDS = (PDF, PNG, JPEG, XLSX, DOCX, CSV)


def allowed_extensions(kinds=ALL_KINDS):
    return [ext for kind in kinds for ext in kind.extensions]


# zipfile reads a zip's whole central directory into one object per member before
# anything else can be asked: an Office file lists a few dozen members in a few KB,
# while a 10 MB upload could list a hundred thousand (80 MB and seconds to read).
ZIP_MAX_DIRECTORY_BYTES = 256 * 1024
_END = b"PK\x05\x06"  # end of central directory record
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"


class ZipDirectoryTooLarge(Exception):
    """The zip's central directory is larger than any file the portal takes."""


def zip_directory_size(data: bytes):
    """The size of the central directory the end record of the zip ``data`` declares
    (its zip64 record when there is one, as zipfile reads it), or None if there's no
    end record."""
    end = data.rfind(_END, max(0, len(data) - (22 + 65535)))
    if end < 0 or len(data) < end + 22:
        return None
    (size,) = struct.unpack("<I", data[end + 12 : end + 16])
    locator = end - 20
    if locator >= 0 and data[locator : locator + 4] == _END64_LOCATOR:
        (offset,) = struct.unpack("<Q", data[locator + 8 : locator + 16])
        record = data[offset : offset + 56]
        if len(record) < 56 or not record.startswith(_END64):
            return size
        (size,) = struct.unpack("<Q", record[40:48])
    return size


def zip_open(data: bytes) -> zipfile.ZipFile:
    """Open the zip ``data`` once its directory is known to be small.

    Raises ZipDirectoryTooLarge, or zipfile.BadZipFile for what isn't a zip.
    """
    size = zip_directory_size(data)
    if size is not None and size > ZIP_MAX_DIRECTORY_BYTES:
        raise ZipDirectoryTooLarge
    return zipfile.ZipFile(io.BytesIO(data))


def zip_too_large_error():
    return ValidationError(
        _(
            "The file holds far too many parts to be a workbook or a document. "
            "Please check that it is the right file, or save it again from Excel "
            "or Word."
        ),
        code="zip_too_large",
    )


def _zip_members(data):
    try:
        with zip_open(data) as archive:
            return set(archive.namelist())
    except ZipDirectoryTooLarge:
        raise zip_too_large_error() from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
        return set()


def _looks_like_text(data):
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "cp932"):
        # A multi-byte character may be cut at the end of the sample: up to three of
        # its bytes (a UTF-8 character has at most four) are left out.
        for cut in range(4):
            try:
                data[: len(data) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            return True
    return False


def sniff(uploaded):
    """Return the FileKind the content is, or None. Leaves the file at position 0.

    Raises ValidationError for a zip whose directory is too large to read.
    """
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            names = _zip_members(uploaded.read())
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" in names:
            if any(n.startswith("xl/") for n in names):
                return XLSX
            if any(n.startswith("word/") for n in names):
                return DOCX
        return None
    if head and _looks_like_text(head):
        return CSV
    return None


def validate_upload(uploaded, *, kinds=ALL_KINDS, max_bytes=None):
    """Check an uploaded file against the policy; return its FileKind.

    Raises ValidationError with a message the user can act on.
    """
    max_bytes = max_bytes or settings.WCO_UPLOAD_MAX_BYTES
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(max_bytes),
            },
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = PurePath(uploaded.name or "").suffix.lower()
    allowed = allowed_extensions(kinds)
    if extension not in allowed:
        raise ValidationError(
            _("Files of this type cannot be uploaded. Allowed: %(types)s.")
            % {"types": ", ".join(allowed)},
            code="type_not_allowed",
        )
    kind = sniff(uploaded)
    if kind is None or kind not in kinds or extension not in kind.extensions:
        raise ValidationError(
            _(
                "The file's content does not match its name (%(ext)s). "
                "Please upload the original file."
            )
            % {"ext": extension},
            code="content_mismatch",
        )
    return kind


def sha256_of(uploaded):
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()
