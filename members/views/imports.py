"""Importing a member list: upload, the dry run's result, commit, progress."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.errors import ServiceError
from wco_sse.core.views import ServiceActionMixin, ServiceFormMixin

from .. import imports
from ..imports.forms import ColumnMappingForm, ImportUploadForm
from ..imports.selectors import (
    ROW_FILTERS,
    import_batch_get_for,
    import_batches_recent,
    import_rows,
    import_rows_to_complete,
)
from ..models import ImportBatch, ImportRow
from .base import InReachMixin

ROWS_PER_PAGE = 100


class ImportUploadView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Upload a member list: the dry run follows at once, nothing is saved yet."""

    permission_required = "members.import_registry"
    form_class = ImportUploadForm
    template_name = "members/imports/upload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batches"] = import_batches_recent()
        context["column_sets"] = [
            (kind, label, imports.COLUMN_SETS[kind].columns)
            for kind, label in ImportBatch.Kind.choices
        ]
        return context

    def form_valid(self, form):
        batch = self.run_service(
            form,
            lambda: imports.import_check(
                actor=self.request.user,
                uploaded=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
            ),
        )
        if batch is None:
            return self.form_invalid(form)
        return redirect("members:import_detail", pk=batch.pk)


class ImportTemplateView(PermissionRequiredMixin, View):
    """The empty list to fill in, with the column names the importer reads."""

    permission_required = "members.import_registry"

    def get(self, request):
        file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
        kind = request.GET.get("kind")
        if kind not in ImportBatch.Kind.values:
            kind = ImportBatch.Kind.ORGANIZATIONS
        content, content_type, filename = imports.import_template(file_format, kind)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class BatchMixin(InReachMixin):
    """A page about one import: the secretariat's (404 to everyone else)."""

    def resolve_object(self):
        self.batch = import_batch_get_for(user=self.request.user, pk=self.kwargs["pk"])


class ImportDetailView(BatchMixin, TemplateView):
    """The dry run's result, the commit button, its progress and its result.

    An htmx request (the progress bar polling) gets the progress fragment only; once
    the commit has finished it asks the browser to reload the whole page.
    """

    template_name = "members/imports/detail.html"

    def get(self, request, *args, **kwargs):
        if request.htmx and request.htmx.target == "import-progress":
            response = TemplateResponse(
                request, f"{self.template_name}#progress", {"batch": self.batch}
            )
            if self.batch.status != ImportBatch.Status.COMMITTING:
                response["HX-Refresh"] = "true"
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.batch
        show = self.request.GET.get("show", "all")
        show = show if show in ROW_FILTERS else "all"
        rows = import_rows(batch=batch, show=show)
        page = Paginator(rows, ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        for row in page.object_list:
            row.shown_name = _shown_name(batch, row.values.get("cells") or {})
            row.preview = _preview(row.values.get("preview"))
        counts = batch.counts or {}
        context.update(
            batch=batch,
            show=show,
            page_obj=page,
            rows=page.object_list,
            query=f"show={show}",
            counts=[
                (outcome, label, counts.get(outcome, 0))
                for outcome, label in ImportRow.Outcome.choices
            ],
            problems=counts.get(ImportRow.Outcome.ERROR, 0),
            can_commit=batch.can_commit,
            to_complete=import_rows_to_complete(batch=batch),
        )
        if kwargs.get("mapping_form") is not None:
            context["mapping_form"] = kwargs["mapping_form"]
        elif batch.status == ImportBatch.Status.CHECKED and counts.get(
            "ignored_columns"
        ):
            context["mapping_form"] = ColumnMappingForm(
                batch=batch, choices=imports.mapping_choices(batch)
            )
        return context


class ImportColumnsView(ServiceFormMixin, ImportDetailView):
    """The column mapping step: what each unread column holds (or not to read it).
    The choice is remembered for files with the same headers, and the file is
    checked again with it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        batch = self.batch
        form = ColumnMappingForm(
            request.POST, batch=batch, choices=imports.mapping_choices(batch)
        )
        if form.is_valid():
            try:
                checked = imports.import_map_columns(
                    actor=request.user, batch=batch, mapping=form.mapping()
                )
            except ServiceError as error:
                field = form.field_of(error.field)
                form.add_error(field, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "The columns are set: the file was checked again with them. "
                        "A file with the same columns will be read the same way."
                    ),
                )
                return redirect("members:import_detail", pk=checked.pk)
        return self.render_to_response(
            self.get_context_data(mapping_form=form, form=form)
        )


PREVIEW_DATES = ("founded_on", "legal_form_since", "joined_on", "left_on")


def _preview(preview):
    """A row's preview with its dates as dates (the page formats them)."""
    if not preview:
        return None
    shown = dict(preview)
    for name in PREVIEW_DATES:
        try:
            shown[name] = datetime.date.fromisoformat(shown.get(name) or "")
        except ValueError:
            shown[name] = None
    return shown


def _shown_name(batch, cells):
    """The name a row gives, as the file wrote it."""
    if batch.kind == ImportBatch.Kind.PEOPLE:
        name = cells.get("氏名") or f"{cells.get('姓', '')} {cells.get('名', '')}"
        return name.strip()
    return cells.get("団体名", "")


class BatchActionView(BatchMixin, ServiceActionMixin, View):
    """A POST that acts on an import and goes back to its page."""

    def post(self, request, pk):
        done, batch = self.run_action(lambda: self.act(request))
        return redirect("members:import_detail", pk=(batch if done else self.batch).pk)


class ImportCommitView(BatchActionView):
    def act(self, request):
        batch = imports.import_commit_start(actor=request.user, batch=self.batch)
        batch.refresh_from_db(fields=["status"])
        if batch.status == ImportBatch.Status.COMMITTING:
            messages.info(request, _("The import has started."))
        return batch


class ImportDiscardView(BatchActionView):
    def act(self, request):
        batch = imports.import_discard(actor=request.user, batch=self.batch)
        messages.info(request, _("The import was discarded: nothing was saved."))
        return batch


class ImportForgetColumnsView(BatchActionView):
    def act(self, request):
        batch = imports.import_forget_columns(actor=request.user, batch=self.batch)
        messages.info(
            request,
            _("The choices for these columns are forgotten: choose again below."),
        )
        return batch


class ImportCheckAgainView(BatchActionView):
    def act(self, request):
        return imports.import_check_again(actor=request.user, batch=self.batch)
