"""Bounds on the files the import reads, checked before they are read.

A 150 KB workbook may unpack to 150 MB, or hold one row of two million cells; a
10 MB CSV file may be a single line, or ten million fields. openpyxl and the csv
module would build all of it in memory. So a workbook's zip directory is checked
first, then every XML part of it is scanned as a stream, in constant memory,
before openpyxl opens it; a CSV file is read a line at a time, within the same
limits (settings ``WCO_IMPORT_MAX_*``).
"""

import re
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string, get_column_letter

from wco_sse.core.errors import ServiceError
from wco_sse.core.uploads import ZipDirectoryTooLarge, zip_open


class ImportFileError(ServiceError):
    """The file can't be read as a member list; nothing was recorded."""

    def __init__(self, message):
        super().__init__(message, field="file", code="import_file")


HEADER_SEARCH_ROWS = 10  # a title or a note may sit above the header
# Excel may write a million formatted but empty rows: a longer run of blank rows
# ends the data (in a CSV file saved from such a sheet too).
BLANK_ROWS_END = 1000

# What Excel itself can make: past these, a file did not come from a spreadsheet.
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16384
EXCEL_CELL_CHARS = 32767
EXCEL_FORMULA_CHARS = 8192

ZIP_MAX_MEMBERS = 200  # Excel writes about ten parts; pictures add a few
# A deflated part unpacking to more than this many times its size was built to do so
# (spreadsheet XML deflates ten to thirty times); small parts are let be.
ZIP_MAX_RATIO = 200
ZIP_RATIO_FROM_BYTES = 1024 * 1024
# The parts that aren't sheets (styles, the workbook, relationships, properties) are
# parsed whole by openpyxl, at about 1 KB of memory an element; Excel's own take a
# few hundred.
PART_MAX_ELEMENTS = 20_000
PARTS_MAX_ELEMENTS = 50_000
# In a sheet, what isn't a row (column widths, merged cells, validations, …).
SHEET_MAX_OTHER_ELEMENTS = 10_000
# openpyxl keeps every string of the workbook in a list, and builds each from its
# runs of formatted text (a few elements each).
SHARED_STRINGS_MAX = 200_000
SHARED_STRING_MAX_ELEMENTS = 1000
# A cell is two or three elements (its value, a formula, an inline string's runs).
SHEET_ELEMENTS_PER_CELL = 4

# Any run of text between two tags; a tag (openpyxl builds a whole tag's attributes).
TEXT_RUN_MAX = 128 * 1024
TAG_MAX_BYTES = 64 * 1024
_LONG_TAG = re.compile(rb"<[^>]{%d}" % TAG_MAX_BYTES)

SCAN_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    rows: int  # data rows
    columns: int  # columns holding a value
    cell_chars: int  # characters in one cell
    unpacked_bytes: int  # a workbook unpacked

    @classmethod
    def from_settings(cls):
        return cls(
            rows=settings.WCO_IMPORT_MAX_ROWS,
            columns=settings.WCO_IMPORT_MAX_COLUMNS,
            cell_chars=settings.WCO_IMPORT_MAX_CELL_CHARS,
            unpacked_bytes=settings.WCO_IMPORT_MAX_UNPACKED_BYTES,
        )

    @property
    def filled_rows(self):
        """Rows with a value read at most: the header's search, the data and one
        more, which says the file is too long."""
        return self.rows + HEADER_SEARCH_ROWS + 1

    @property
    def row_elements(self):
        """Rows of a sheet, formatted blank ones included."""
        return 100 * self.filled_rows

    @property
    def sheet_cells(self):
        """Cells of a sheet, empty formatted ones included."""
        return 10 * self.filled_rows * self.columns

    @property
    def csv_line_chars(self):
        """A CSV line: every column at full length, quoted."""
        return self.columns * (self.cell_chars + 3)


# --- Messages ----------------------------------------------------------------------------------


def too_many_rows_error(limits):
    return ImportFileError(
        _("The file has more than %(max)s rows. Please split it into smaller files.")
        % {"max": limits.rows}
    )


def sheet_too_long_error(limits):
    return ImportFileError(
        _(
            "A sheet of the workbook has more than %(max)s rows. Please upload the "
            "list alone (the other sheets deleted), in files of at most %(max)s rows."
        )
        % {"max": limits.rows}
    )


def too_many_columns_error(limits, row):
    return ImportFileError(
        _(
            "Row %(row)s has values in more than %(max)s columns. Please delete the "
            "columns the registry does not need, or check that it is the right file."
        )
        % {"row": row, "max": limits.columns}
    )


def cell_too_long_error(limits, row, column):
    return ImportFileError(
        _(
            "The cell in row %(row)s, column %(column)s holds more than %(max)s "
            "characters. Please shorten it."
        )
        % {
            "row": row,
            "column": get_column_letter(column),
            "max": number_format(limits.cell_chars, force_grouping=True),
        }
    )


def csv_line_too_long_error(limits, row):
    return ImportFileError(
        _(
            "Row %(row)s is longer than %(max)s characters, far longer than a row of "
            "a member list. Please check that it is the right file."
        )
        % {
            "row": row,
            "max": number_format(limits.csv_line_chars, force_grouping=True),
        }
    )


def unpacked_too_large_error(limits):
    return ImportFileError(
        _(
            "The workbook unpacks to more than %(limit)s, far more than a member list "
            "needs. Please check that it is the right file, or save the list alone "
            "as a new workbook or as a CSV file."
        )
        % {"limit": filesizeformat(limits.unpacked_bytes)}
    )


def workbook_too_complex_error():
    return ImportFileError(
        _(
            "The workbook holds more than a member list can (too many parts, cells, "
            "formats or characters) and was not read. Please copy the list alone "
            "into a new workbook, or save it as a CSV file, and upload that file."
        )
    )


# --- XLSX --------------------------------------------------------------------------------------


class _TooComplex(Exception):
    pass


def check_workbook(data: bytes, limits: Limits):
    """Refuse, before openpyxl reads it, a workbook past the limits: its zip
    directory (members, sizes, ratios), then every XML part scanned as a stream.

    A file that isn't a zip is left to openpyxl to refuse.
    """
    try:
        archive = zip_open(data)
    except ZipDirectoryTooLarge:
        raise workbook_too_complex_error() from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    with archive:
        members = archive.infolist()
        if len(members) > ZIP_MAX_MEMBERS:
            raise workbook_too_complex_error()
        if sum(member.file_size for member in members) > limits.unpacked_bytes:
            raise unpacked_too_large_error(limits)
        for member in members:
            if (
                member.file_size > ZIP_RATIO_FROM_BYTES
                and member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1)
            ):
                raise workbook_too_complex_error()
        other_elements = 0
        for member in members:
            scan = _scan_part(archive, member, limits)
            if scan is not None and scan.root not in ("worksheet", "sst"):
                other_elements += scan.elements
                if other_elements > PARTS_MAX_ELEMENTS:
                    raise workbook_too_complex_error()


def _scan_part(archive, member, limits):
    """Scan one member if it is XML (zipfile yields no more than its declared
    size); return the scan, or None for a member that isn't XML."""
    try:
        with archive.open(member) as stream:
            first = stream.read(SCAN_CHUNK)
            if not first.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                return None
            scan = _PartScan(limits)
            try:
                chunk = first
                while chunk:
                    scan.feed(chunk)
                    chunk = stream.read(SCAN_CHUNK)
                scan.feed(b"", final=True)
            except _TooComplex:
                raise workbook_too_complex_error() from None
            except expat.ExpatError:
                return scan  # openpyxl will say it's damaged, if it reads the part
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None  # likewise
    return scan


_COLUMN_LETTERS = re.compile(r"[A-Za-z]{1,3}")


class _PartScan:
    """An XML part, scanned with expat's callbacks: no tree is built, long texts
    arrive in pieces, and the first limit passed stops the scan.

    A worksheet's rows and cells are followed as openpyxl reads them (a row or a
    cell without its reference is the one after the previous), to its end: the
    import stops reading at the end of the list, but openpyxl parses a sheet whole
    when it does not state its size (``<dimension>``). A shared string table's
    strings are counted; any other part is counted in elements.
    """

    def __init__(self, limits):
        self.limits = limits
        self.root = None
        self.elements = 0
        self.other = 0  # in a sheet, elements not in a row
        self.in_row = False
        self.rows = 0
        self.row = 0
        self.filled = 0
        self.row_filled = False
        self.row_counts = True
        self.cells = 0
        self.cells_in_row = 0
        self.column = 0
        self.cell_filled = False
        self.strings = 0
        self.string_elements = 0
        self.text = None  # characters of the text being counted, or None
        self.text_max = 0
        self.run = 0  # characters since the last tag
        self.tag_tail = b""  # the tag the last chunk ended in
        parser = expat.ParserCreate()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        self.parser = parser

    def feed(self, data, final=False):
        # expat holds a whole tag before calling back: a huge one is refused unread.
        probe = self.tag_tail + data
        if _LONG_TAG.search(probe):
            raise _TooComplex
        opened = probe.rfind(b"<")
        self.tag_tail = probe[opened:] if opened > probe.rfind(b">") else b""
        self.parser.Parse(data, final)

    def doctype(self, *args):
        raise _TooComplex  # Office parts have no DTD; entities could multiply text

    def start(self, name, attrs):
        name = name.rpartition(":")[2]
        self.run = 0
        self.elements += 1
        if self.root is None:
            self.root = name
        elif self.root == "worksheet":
            self._sheet_start(name, attrs)
        elif self.root == "sst":
            if name == "si":
                self.strings += 1
                if self.strings > SHARED_STRINGS_MAX:
                    raise _TooComplex
                self.text, self.text_max = 0, EXCEL_CELL_CHARS
                self.string_elements = 0
            self.string_elements += 1
            if self.string_elements > SHARED_STRING_MAX_ELEMENTS:
                raise _TooComplex
        elif self.elements > PART_MAX_ELEMENTS:
            raise _TooComplex

    def _sheet_start(self, name, attrs):
        if self.elements > SHEET_ELEMENTS_PER_CELL * self.limits.sheet_cells:
            raise _TooComplex
        if name == "row":
            self.in_row = True
            self.rows += 1
            if self.rows > self.limits.row_elements:
                raise _TooComplex
            number = _int(attrs.get("r")) or self.row + 1
            # openpyxl skips a row numbered at or before one already read (it is
            # parsed all the same).
            self.row_counts = number > self.row
            if self.row_counts:
                self.row = number
            self.row_filled, self.cells_in_row, self.column = False, 0, 0
        elif name == "c" and self.in_row:
            self.cells += 1
            self.cells_in_row += 1
            if self.cells > self.limits.sheet_cells:
                raise _TooComplex
            if self.cells_in_row > EXCEL_COLUMNS:
                raise _TooComplex
            letters = _COLUMN_LETTERS.match(attrs.get("r") or "")
            self.column = (
                column_index_from_string(letters.group().upper())
                if letters
                else self.column + 1
            )
            self.cell_filled = False
        elif self.in_row:
            if name in ("v", "is"):
                self.cell_filled = True
            if name in ("v", "t"):
                self.text, self.text_max = 0, EXCEL_CELL_CHARS
            elif name == "f":
                self.text, self.text_max = 0, EXCEL_FORMULA_CHARS
        else:
            self.other += 1
            if self.other > SHEET_MAX_OTHER_ELEMENTS:
                raise _TooComplex

    def characters(self, data):
        self.run += len(data)
        if self.run > TEXT_RUN_MAX:
            raise _TooComplex
        if self.text is not None:
            self.text += len(data)
            if self.text > self.text_max:
                raise _TooComplex

    def end(self, name):
        name = name.rpartition(":")[2]
        self.run = 0
        if self.root == "sst":
            if name == "si":
                self.text = None
            return
        if self.root != "worksheet":
            return
        if name in ("v", "f") or (name == "t" and self.in_row):
            self.text = None
        elif name == "c" and self.in_row and self.cell_filled:
            if self.column > self.limits.columns:
                raise too_many_columns_error(self.limits, self.row)
            self.row_filled = True
        elif name == "row":
            self.in_row = False
            if not self.row_counts:
                return
            if self.row_filled:
                self.filled += 1
                if self.filled > self.limits.filled_rows:
                    # Every sheet is scanned before openpyxl opens the workbook,
                    # whichever holds the list.
                    raise sheet_too_long_error(self.limits)


def _int(value):
    try:
        return int(value) if value else None
    except ValueError:
        return None


# --- CSV ---------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class CsvLines:
    """The lines of a text stream, for csv.reader, each row within bounds.

    A line is read no further than a row of the file may be long, and a row whose
    quoted field runs over many lines is stopped likewise: csv.reader never holds
    more than ``Limits.csv_line_chars`` characters (less than csv's own field limit,
    which is process-wide and left as it is). The caller says when a row is done.
    """

    def __init__(self, stream, limits, not_readable):
        self.stream = stream
        self.limits = limits
        self.not_readable = not_readable  # the error for control characters
        self.row = 1  # the row being read, as a spreadsheet numbers it
        self.row_chars = 0

    def __iter__(self):
        return self

    def __next__(self):
        line = self.stream.readline(self.limits.csv_line_chars + 1)
        if not line:
            raise StopIteration
        self.row_chars += len(line)
        if self.row_chars > self.limits.csv_line_chars:
            raise csv_line_too_long_error(self.limits, self.row)
        if _CONTROL.search(line):
            raise self.not_readable()
        return line

    def row_done(self):
        self.row += 1
        self.row_chars = 0
