"""Small helpers the school's and the desk's pages share."""

import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from wco_sse.core.japan import fiscal_year, format_fiscal_year
from wco_sse.core.validators import number_param


def sheet_safe(text):
    """A spreadsheet sheet's name (the export's title) can't hold []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "・", str(text))


def year_from(request):
    """The fiscal year the statistics pages show (this one by default), and the
    years offered."""
    this_year = fiscal_year(timezone.localdate())
    year = number_param(request.GET.get("year"))
    year = year if year is not None and 2000 <= year <= 2100 else this_year
    years = [
        (y, format_fiscal_year(y)) for y in range(this_year + 1, this_year - 5, -1)
    ]
    return year, years


def export_format(request):
    file_format = request.GET.get("format", "xlsx")
    return file_format if file_format in {"xlsx", "csv"} else "xlsx"


def pdf_download(content, filename):
    """A PDF document (a certificate, a sign-in sheet) as a download."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
