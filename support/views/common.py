"""What the school's and the desk's pages share: finding a page's object through the
viewer's reach, answering an action, and small helpers."""

import re

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from wco_sse.core.japan import fiscal_year, format_fiscal_year
from wco_sse.core.validators import number_param
from wco_sse.core.views import ServiceActionMixin


class InReachMixin:
    """A page about one object, which it finds first through the viewer's reach.

    ``get_object()`` returns the object or raises Http404, for a missing object and
    for one outside what this viewer may use this page for alike. It runs in
    ``dispatch``, right after the sign-in redirect (``LoginRequiredMixin``, placed
    before this mixin) and before any form parsing or method dispatch, so an id
    answers 404 or the page, never 403-if-it-exists. The object is
    ``self.object``.
    """

    def get_object(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)


class ActionMixin(ServiceActionMixin):
    """An action (a button that posts) about the page's object: the service runs,
    and the page is shown again with its message; for htmx, the fragment the button
    lives in, with the messages out of band."""

    def answer(self, done, *, to, fragment=None, context=None, **kwargs):
        """Redirect to ``to`` (the page again); an htmx request gets ``fragment``
        instead, carrying the refusal's message out of band."""
        if fragment and self.request.htmx:
            return render(self.request, fragment, {"oob": not done, **(context or {})})
        return redirect(to, **kwargs)


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
