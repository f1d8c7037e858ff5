"""Erasure (削除・利用停止): the dry run and the erasure of a request's person, and
the erasure journal (the secretary-general's; the 監事 read the journal)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.selectors import get_visible_or_404
from wco_sse.core.views import ServiceFormMixin

from ..forms.privacy_erasure import ErasureConfirmForm
from ..models import ErasureJournalEntry, PrivacyRequest
from ..personal_data import erasure, journal
from ..personal_data.registry import Fate, retention_kinds
from .base import InReachMixin, PersonRecordsPageMixin


class PrivacyErasureView(
    PersonRecordsPageMixin, InReachMixin, ServiceFormMixin, FormView
):
    """GET: the dry run (every record, what will happen to it and why, what stops
    the erasure); POST: the erasure, confirmed by typing the registry number.

    The dry run is kept whole for its reader (``PersonRecordsPageMixin``), also
    under the erasure journal it links to once done."""

    form_class = ErasureConfirmForm
    template_name = "members/privacy/erasure_dry_run.html"
    page_also_depends_on = ("members.erasurejournalentry",)

    def get_object(self):
        return get_visible_or_404(
            PrivacyRequest.objects.select_related(
                "person", "journal_entry", "handled_by"
            ),
            user=self.request.user,
            perm="members.erase_person",
            pk=self.kwargs["pk"],
        )

    def get_initial(self):
        return {"version": self.object.person.version}

    def get_context_data(self, **kwargs):
        request = self.object
        person = request.person
        done = person.erased_at is not None or not request.is_open
        plan = None
        if not done:
            plan = erasure.privacy_erasure_plan(
                actor=self.request.user, request=request
            )
        return super().get_context_data(
            privacy_request=request,
            person=person,
            done=done,
            plan=plan,
            **kwargs,
        )

    def form_valid(self, form):
        entry = self.run_service(
            form,
            lambda: erasure.privacy_erasure_execute(
                actor=self.request.user,
                request=self.object,
                confirm_name=form.cleaned_data["confirm"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if entry is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The erasure was carried out and recorded as journal entry #%(seq)s.")
            % {"seq": entry.seq},
        )
        return redirect("members:privacy_erasure", pk=self.object.pk)


class PrivacyJournalView(PermissionRequiredMixin, ListView):
    """The journal, newest first, with the file's hash chain checked."""

    permission_required = "members.view_privacy_journal"
    template_name = "members/privacy/erasure_journal.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return ErasureJournalEntry.objects.defer("records").order_by("-seq")

    def get_context_data(self, **kwargs):
        lines = journal.read_file()
        context = super().get_context_data(
            file_entries=len(lines),
            chain_problems=journal.verify_chain(lines),
            **kwargs,
        )
        # The counts in words: an erasure's per fate, a run's per rule's record kind.
        kinds = {
            code: str(kind.label) for code, (_d, kind) in retention_kinds().items()
        }
        fates = {str(value): str(label) for value, label in Fate.choices}
        for entry in context["entries"]:
            names = fates if entry.kind == "erasure" else kinds
            entry.count_lines = [
                (names.get(key, key), count) for key, count in entry.counts.items()
            ]
            entry.rule_labels = [
                kinds.get(code, code) for code in entry.subject.split(",") if code
            ]
        return context
