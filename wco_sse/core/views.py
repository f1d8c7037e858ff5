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
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from . import fragments
from .errors import ServiceError
from .files import file_delete, file_permissions
from .models import StoredFile
from .pdf import pdf_response
from .printjobs import print_job_get_for


class InReachMixin:
    """A page about the object in its URL, found first through the viewer's reach.

    ``resolve_object()`` (by default ``self.object = self.get_object()``) runs in
    ``dispatch`` before any form parsing or method dispatch, and raises Http404 alike
    for a missing object and for one this viewer may not use this page for (through
    a selector). Put ``LoginRequiredMixin`` before it where the page needs a sign-in:
    a visitor is sent to sign in first.
    """

    def dispatch(self, request, *args, **kwargs):
        self.resolve_object()
        return super().dispatch(request, *args, **kwargs)

    def resolve_object(self):
        self.object = self.get_object()

    def get_object(self):
        raise NotImplementedError


class CachedPageMixin:
    """A page kept whole for its viewer until anything it shows changes.

    ``page_depends_on`` names the versions of everything the page shows, as a
    fragment names them (apps such as ``"business"``, or models); the stamp adds the
    viewer (the account, their roles, the language, the day) and the page's path
    with its query string (``core.fragments``). Its forms' tokens are put in as each
    answer leaves (``core.csrf``). A hit answers with
    the kept HTML: the view's object was found through the viewer's reach first
    (``InReachMixin`` runs in ``dispatch``), then no context is computed and no
    template rendered. Only a plain GET answered 200 is kept; an htmx request, a
    request without a CSRF cookie and a page with flash messages to show run as
    usual."""

    page_depends_on = ()

    def get_page_depends_on(self):
        """``page_depends_on``, or names made from the page's object (one course's
        version rather than every course's); None when this reading can't be kept
        (a part of it names no versions)."""
        return self.page_depends_on

    def get_page_vary(self):
        """What else the kept page varies with, besides its path and its viewer."""
        return ()

    def get(self, request, *args, **kwargs):
        if (
            request.htmx
            or not request.META.get("CSRF_COOKIE")
            or len(messages.get_messages(request))
        ):
            return super().get(request, *args, **kwargs)
        depends_on = self.get_page_depends_on()
        if depends_on is None:
            return super().get(request, *args, **kwargs)
        name = f"page:{request.resolver_match.view_name}"
        stamp = fragments.stamp(
            request,
            depends_on=depends_on,
            vary=(request.get_full_path(), *self.get_page_vary()),
        )
        found = fragments.page_found(name, stamp)
        if found is not None:
            content, content_type = found
            return HttpResponse(content, content_type=content_type)
        response = super().get(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response.status_code == 200 and not len(messages.get_messages(request)):
            fragments.page_keep(name, stamp, response.content, response["Content-Type"])
        return response


class ServiceFormMixin:
    """Run a service from form_valid; its refusal becomes an error at its field, or at
    the top of the form where the field is not there or not shown (a hidden year or
    version would hide it)."""

    def run_service(self, form, call):
        try:
            return call()
        except ServiceError as error:
            self.add_service_error(form, error)
            return None

    def add_service_error(self, form, error):
        field = error.field
        if field not in form.fields or form.fields[field].widget.is_hidden:
            field = None
        form.add_error(field, error.message)


class ServiceActionMixin:
    """Run a service from an action; its refusal becomes a message on the page the
    caller shows again. Returns ``(done, result)``."""

    def run_action(self, call):
        try:
            return True, call()
        except ServiceError as error:
            messages.error(self.request, error.message)
            return False, None

    def answer(self, done, *, to, fragment=None, context=None, **kwargs):
        """Redirect to ``to`` (the page again); an htmx request gets ``fragment`` (the
        part the button lives in) instead, with the messages out of band."""
        if fragment and self.request.htmx:
            return render(self.request, fragment, {"oob": not done, **(context or {})})
        return redirect(to, **kwargs)


def _file_for(user, file_id, *, edit=False):
    """The stored file, through the viewer's reach: 404 alike for a missing file and
    for one whose record the viewer may not see (or, to delete it, change)."""
    stored = get_object_or_404(
        StoredFile.objects.select_related("attached_type"), pk=file_id
    )
    target = stored.attached_to
    permissions = file_permissions(target)
    needed = (permissions.view, permissions.edit) if edit else (permissions.view,)
    if not all(user.has_perm(permission, target) for permission in needed):
        raise Http404
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


class PrintJobView(LoginRequiredMixin, InReachMixin, View):
    """A print job's progress, for the person who asked; polled with htmx until the
    PDF is ready (a page without scripts refreshes itself)."""

    template_name = "core/print_job.html"

    def get_object(self):
        return print_job_get_for(user=self.request.user, pk=self.kwargs["job_id"])

    def get(self, request, job_id):
        context = {"job": self.object}
        if request.htmx:
            return render(request, "core/print_job_status.html", context)
        return render(request, self.template_name, context)


class PrintJobDownloadView(LoginRequiredMixin, InReachMixin, View):
    """A finished print job's PDF, for the person who asked only."""

    def get_object(self):
        return print_job_get_for(user=self.request.user, pk=self.kwargs["job_id"])

    def get(self, request, job_id):
        job = self.object
        if job.status != job.Status.DONE or job.result is None:
            return redirect("members:print_job", job_id=job.pk)
        try:
            content = job.result.file.open("rb").read()
        except FileNotFoundError as error:
            raise Http404 from error
        return pdf_response(content, job.filename)
