"""A person's export (開示): the secretary-general's page on an export request (what
will be exported, the run button, the download link until the file is deleted) and
the download itself. Anyone else finds neither (404)."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from wco_sse.core.dates import format_moment
from wco_sse.core.views import ServiceActionMixin

from ..personal_data import exports
from .base import InReachMixin, PersonRecordsPageMixin


class PrivacyExportView(
    PersonRecordsPageMixin, InReachMixin, ServiceActionMixin, TemplateView
):
    """What an export of the request's person would hold, the run button and the
    download link; kept whole for its reader (``PersonRecordsPageMixin``)."""

    template_name = "members/privacy/export_preview.html"

    def get_page_vary(self):
        # The download link goes when the file expires: a moment, not a write.
        return (*super().get_page_vary(), exports.export_is_available(self.object))

    def get_object(self):
        return exports.privacy_export_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        request = self.object
        person = request.person
        items, file_count = exports.export_preview(person)
        return super().get_context_data(
            privacy_request=request,
            person=person,
            items=items,
            total=sum(item.count for item in items),
            file_count=file_count,
            available=exports.export_is_available(request),
            can_run=exports.can_run(request),
            days=settings.WCO_PRIVACY_EXPORT_DAYS,
            **kwargs,
        )

    def post(self, request, pk):
        done, result = self.run_action(
            lambda: exports.privacy_export_run(actor=request.user, request=self.object)
        )
        if done:
            messages.success(
                request,
                _(
                    "The export is ready: %(rows)s records. Download it before "
                    "%(expires)s, when it is deleted."
                )
                % {
                    "rows": result.export_rows,
                    "expires": format_moment(result.expires_at),
                },
            )
        return redirect("members:privacy_export", pk=pk)


class PrivacyExportDownloadView(InReachMixin, View):
    """The export's ZIP, to the secretary-general, until it is deleted; after that a
    page (404) saying so."""

    def get_object(self):
        return exports.privacy_export_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perm="members.download_privacy_export",
        )

    def get(self, request, pk):
        privacy_request = self.object
        if not exports.export_is_available(privacy_request):
            return render(
                request,
                "members/privacy/export_deleted.html",
                {"privacy_request": privacy_request, "person": privacy_request.person},
                status=404,
            )
        stored = exports.privacy_export_download(
            actor=request.user, request=privacy_request
        )
        try:
            handle = stored.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=stored.original_name,
            content_type="application/zip",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
