"""What every app's views share: one way to turn a service's refusal into an answer,
and the stored files' downloads.

A service refuses with ``ServiceError`` (``PermissionDenied`` among them). On a form
the message goes to its field, or to the top of the form; on an action (a button
that posts) the page is shown again with the message. Neither answers a bare 403:
the object was looked up through the viewer's reach before the service ran, so a
viewer who may not see it had a 404 already.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from .errors import ServiceError
from .files import file_delete, file_permissions
from .models import StoredFile


class ServiceFormMixin:
    """Run a service from form_valid; its refusal becomes an error at the right field."""

    def run_service(self, form, call):
        try:
            return call()
        except ServiceError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return None


class ServiceActionMixin:
    """Run a service from an action; its refusal becomes a message on the page the
    caller shows again. Returns ``(done, result)``."""

    def run_action(self, call):
        try:
            return True, call()
        except ServiceError as error:
            messages.error(self.request, error.message)
            return False, None


def _file_for(user, file_id, *, edit=False):
    stored = get_object_or_404(
        StoredFile.objects.select_related("attached_type"), pk=file_id
    )
    target = stored.attached_to
    permissions = file_permissions(target)
    if not user.has_perm(permissions.view, target):
        raise Http404
    if edit and not user.has_perm(permissions.edit, target):
        raise PermissionDenied
    return stored


class FileDownloadView(LoginRequiredMixin, View):
    """Serve a stored file, as an attachment, to someone who may see its record."""

    def get(self, request, file_id):
        stored = _file_for(request.user, file_id)
        try:
            handle = stored.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=stored.original_name,
            content_type=stored.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class FileDeleteView(LoginRequiredMixin, View):
    def post(self, request, file_id):
        stored = _file_for(request.user, file_id, edit=True)
        target = stored.attached_to
        file_delete(actor=request.user, stored=stored)
        messages.success(request, _("The file was deleted."))
        if hasattr(target, "get_absolute_url"):
            return redirect(target.get_absolute_url())
        return redirect("home")
