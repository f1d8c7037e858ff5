"""Industry meetings (業種別会議): the coordinators' list, a meeting's page, inviting
and seating W.Cos, the shared issues (課題共有) and the rosters' export.

The meetings themselves (convocations, attendance, minutes, action items, documents)
and delegates' changes are the secretariat's pages; these link to them.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.models import Person
from wco_sse.core.exports import Column, export_response
from wco_sse.core.views import (
    CachedPageMixin,
    InReachMixin,
    ServiceActionMixin,
    ServiceFormMixin,
)

from ..forms_industry import (
    IndustryInviteForm,
    IndustryMeetingCreateForm,
    IndustrySeatForm,
    IssueForm,
    IssueMoveForm,
    IssueRaiseForm,
)
from ..selectors import industry as selectors
from ..services import industry as services
from .common import export_format

FORM_TEMPLATE = "support/industry/form.html"


class _FormPage(ServiceFormMixin, FormView):
    """A form page running one service; ``page_title``, ``intro``, ``submit_label``
    and ``back_url`` fill the shared template."""

    template_name = FORM_TEMPLATE
    page_title = ""
    intro = ""
    submit_label = gettext_lazy("Save")

    def get_back_url(self):
        return reverse("support:industry_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.page_title,
            intro=self.intro,
            submit_label=self.submit_label,
            back_url=self.get_back_url(),
            **kwargs,
        )

    def perform(self, form):
        raise NotImplementedError

    def success_message(self, result):
        return ""

    def form_valid(self, form):
        result = self.run_service(form, lambda: self.perform(form))
        if result is None:
            return self.form_invalid(form)
        self.result = result
        message = self.success_message(result)
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())


class _MeetingPage(InReachMixin):
    """A page about one industry meeting, 404 outside ``perms``."""

    perms = ("support.view_industry_meeting",)

    def get_object(self):
        return selectors.industry_meeting_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=self.perms
        )

    def get_back_url(self):
        return reverse("support:industry_detail", args=[self.object.pk])

    def get_success_url(self):
        return self.get_back_url()


class _IssuePage(InReachMixin):
    perms = ("support.view_issue",)

    def get_object(self):
        return selectors.issue_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=self.perms
        )

    def get_back_url(self):
        return reverse("support:issue_detail", args=[self.object.pk])

    def get_success_url(self):
        return self.get_back_url()


# --- The coordinators' list -------------------------------------------------------------


class IndustryListView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.view_industry_meetings"
    template_name = "support/industry/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            industry_meetings=list(selectors.industry_meeting_list()),
            can_manage=user.has_perm("support.manage_industry_meetings"),
            can_export=user.has_perm("support.export_industry_rosters"),
            **kwargs,
        )


class IndustryCreateView(PermissionRequiredMixin, _FormPage):
    permission_required = "support.manage_industry_meetings"
    form_class = IndustryMeetingCreateForm
    page_title = gettext_lazy("New industry meeting")
    intro = gettext_lazy(
        "The meeting becomes a body of the support section; its meetings, minutes and action items are kept on the body's pages."
    )
    submit_label = gettext_lazy("Create the industry meeting")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "industries": selectors.industries_without_meeting(),
        }

    def perform(self, form):
        return services.industry_meeting_create(
            actor=self.request.user, industry=form.cleaned_data["industry"]
        )

    def success_message(self, result):
        return _("%(name)s was created.") % {"name": result.body.name}

    def get_success_url(self):
        return reverse("support:industry_detail", args=[self.result.pk])


# --- A meeting's page ------------------------------------------------------------------------


class IndustryDetailView(
    LoginRequiredMixin, _MeetingPage, CachedPageMixin, TemplateView
):
    template_name = "support/industry/detail.html"
    # The meeting, its issues, its body's seats and meetings (the secretariat's),
    # the W.Cos and people (the registry): not the rest of the support section.
    page_depends_on = (
        "support.industrymeeting",
        "support.sharedissue",
        "secretariat",
        "members",
    )

    def get_context_data(self, **kwargs):
        industry_meeting = self.object
        user = self.request.user
        upcoming, past = selectors.industry_meeting_meetings(
            industry_meeting=industry_meeting
        )
        issues = selectors.industry_meeting_issues(industry_meeting=industry_meeting)
        can_run = user.has_perm("support.run_industry_meeting", industry_meeting)
        return super().get_context_data(
            industry_meeting=industry_meeting,
            body=industry_meeting.body,
            seats=selectors.industry_meeting_seats(industry_meeting=industry_meeting),
            upcoming=upcoming,
            past=past,
            open_issues=[i for i in issues if i.is_open],
            other_issues=[i for i in issues if not i.is_open],
            can_run=can_run,
            can_raise=user.has_perm("support.raise_issue", industry_meeting),
            can_see_body=user.has_perm("secretariat.view_body", industry_meeting.body),
            can_change_delegates=can_run,
            **kwargs,
        )


class IndustryInviteView(LoginRequiredMixin, _MeetingPage, _FormPage):
    perms = ("support.view_industry_meeting", "support.run_industry_meeting")
    form_class = IndustryInviteForm
    page_title = gettext_lazy("Invite this industry")
    submit_label = gettext_lazy("Seat the chosen W.Cos")

    @property
    def intro(self):
        return _(
            "The active regular and supporting member W.Cos of %(industry)s without a seat. Each chosen W.Co is seated with its representative as delegate; its representative can name another delegate later."
        ) % {"industry": self.object.industry}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "candidates": selectors.industry_invite_candidates(
                industry_meeting=self.object
            ),
        }

    def perform(self, form):
        return services.industry_invite(
            actor=self.request.user,
            industry_meeting=self.object,
            organizations=form.cleaned_data["organizations"],
        )

    def success_message(self, result):
        return ngettext(
            "%(count)s W.Co was seated.", "%(count)s W.Cos were seated.", len(result)
        ) % {"count": len(result)}


class IndustrySeatView(LoginRequiredMixin, _MeetingPage, _FormPage):
    perms = ("support.view_industry_meeting", "support.run_industry_meeting")
    form_class = IndustrySeatForm
    template_name = "support/industry/seat.html"
    page_title = gettext_lazy("Seat a W.Co by hand")
    intro = gettext_lazy(
        "A W.Co working in several industries may sit on this meeting too. Choose the W.Co, then one of its confirmed people as its delegate."
    )
    submit_label = gettext_lazy("Seat the W.Co")

    def chosen_organization(self):
        organizations = selectors.seatable_organizations(industry_meeting=self.object)
        raw = self.request.POST.get("organization") or self.request.GET.get(
            "organization"
        )
        if not raw or not str(raw).isdigit() or len(str(raw)) > 12:
            return organizations, None
        return organizations, organizations.filter(pk=int(raw)).first()

    def get_form_kwargs(self):
        organizations, chosen = self.chosen_organization()
        kwargs = super().get_form_kwargs()
        if chosen is not None and "data" not in kwargs:
            kwargs["initial"] = {**kwargs.get("initial", {}), "organization": chosen}
        self.chosen = chosen
        return {
            **kwargs,
            "organizations": organizations,
            "people": selectors.confirmed_people_of(organization=chosen)
            if chosen is not None
            else Person.objects.none(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chosen"] = self.chosen
        return context

    def perform(self, form):
        return services.industry_seat_add(
            actor=self.request.user,
            industry_meeting=self.object,
            organization=form.cleaned_data["organization"],
            person=form.cleaned_data["person"],
        )

    def success_message(self, result):
        return _("%(organization)s was seated with %(person)s as delegate.") % {
            "organization": result.organization,
            "person": result.person,
        }


# --- Shared issues -------------------------------------------------------------------------------


class IssueCreateView(LoginRequiredMixin, _MeetingPage, _FormPage):
    perms = ("support.view_industry_meeting", "support.raise_issue")
    form_class = IssueRaiseForm
    page_title = gettext_lazy("Share an issue")
    intro = gettext_lazy(
        "An issue a W.Co raised at one of this industry meeting's meetings."
    )
    submit_label = gettext_lazy("Record the issue")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        meetings = selectors.issue_meetings(industry_meeting=self.object)
        raw = self.request.GET.get("meeting", "")
        if raw.isdigit() and len(raw) < 12 and "data" not in kwargs:
            kwargs["initial"] = {"meeting": meetings.filter(pk=int(raw)).first()}
        return {
            **kwargs,
            "meetings": meetings,
            "organizations": selectors.raisable_organizations(
                user=self.request.user, industry_meeting=self.object
            ),
        }

    def perform(self, form):
        data = form.cleaned_data
        return services.issue_raise(
            actor=self.request.user,
            industry_meeting=self.object,
            meeting=data["meeting"],
            raised_by=data["raised_by"],
            title=data["title"],
            text=data["text"],
        )

    def success_message(self, result):
        return _("The issue was recorded.")

    def get_success_url(self):
        return reverse("support:issue_detail", args=[self.result.pk])


class IssueDetailView(LoginRequiredMixin, _IssuePage, TemplateView):
    template_name = "support/industry/issue_detail.html"

    def get_context_data(self, **kwargs):
        issue = self.object
        user = self.request.user
        can_move = user.has_perm("support.move_issue", issue)
        return super().get_context_data(
            issue=issue,
            industry_meeting=issue.industry_meeting,
            can_edit=issue.is_open and user.has_perm("support.edit_issue", issue),
            can_move=can_move and bool(issue.next_states()),
            can_draft=can_move
            and issue.is_open
            and user.has_perm("secretariat.draft_item"),
            can_make_project=can_move and issue.is_open,
            can_see_item=bool(
                issue.agenda_item_id
                and user.has_perm("secretariat.view_item", issue.agenda_item)
            ),
            can_see_project=bool(
                issue.project_id
                and user.has_perm("support.view_project", issue.project)
            ),
            can_see_meeting=user.has_perm("secretariat.view_meeting", issue.meeting),
            **kwargs,
        )


class IssueEditView(LoginRequiredMixin, _IssuePage, _FormPage):
    perms = ("support.view_issue", "support.edit_issue")
    form_class = IssueForm
    page_title = gettext_lazy("Change the issue")

    def get_initial(self):
        return {"title": self.object.title, "text": self.object.text}

    def perform(self, form):
        return services.issue_update(
            actor=self.request.user,
            issue=self.object,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
        )

    def success_message(self, result):
        return _("The issue was saved.")


class IssueMoveView(LoginRequiredMixin, _IssuePage, _FormPage):
    perms = ("support.view_issue", "support.move_issue")
    form_class = IssueMoveForm
    page_title = gettext_lazy("Change the issue's state")
    submit_label = gettext_lazy("Change the state")
    intro = gettext_lazy(
        "A resolved or closed issue says how it ended. To make it a project or an agenda item, use the buttons on the issue's page."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "issue": self.object}

    def perform(self, form):
        return services.issue_move(
            actor=self.request.user,
            issue=self.object,
            state=form.cleaned_data["state"],
            outcome=form.cleaned_data["outcome"],
        )

    def success_message(self, result):
        return _("The issue is now %(state)s.") % {"state": result.get_state_display()}


class IssueDraftItemView(LoginRequiredMixin, _IssuePage, ServiceActionMixin, View):
    """Draft a support-section agenda item from the issue (a button that posts)."""

    perms = ("support.view_issue", "support.move_issue")

    def post(self, request, pk):
        done, item = self.run_action(
            lambda: services.issue_draft_agenda_item(
                actor=request.user, issue=self.object
            )
        )
        if not done:
            return redirect("support:issue_detail", pk=self.object.pk)
        messages.success(
            request,
            _(
                "An agenda item was drafted from the issue; complete it and submit it from its page."
            ),
        )
        return redirect("secretariat:item_detail", pk=item.pk)


# --- The rosters' export -----------------------------------------------------------------------


def roster_columns():
    return [
        Column(_("Industry meeting"), lambda s: s.body.name),
        Column(_("Industry"), lambda s: s.body.industry_meeting.industry.name),
        Column(_("W.Co"), lambda s: s.organization.name),
        Column(
            _("Membership class"),
            lambda s: s.organization.get_membership_class_display(),
        ),
        Column(_("Delegate"), lambda s: str(s.person)),
        Column(_("Since"), lambda s: s.start),
    ]


class IndustryRostersExportView(PermissionRequiredMixin, ServiceActionMixin, View):
    """Every industry meeting's seats as XLSX or CSV (logged: delegates' names)."""

    permission_required = "support.export_industry_rosters"

    def get(self, request):
        done, response = self.run_action(
            lambda: export_response(
                actor=request.user,
                what=_("Industry meeting rosters"),
                columns=roster_columns(),
                rows=selectors.industry_roster_rows(),
                file_format=export_format(request),
                filename="industry-meeting-rosters",
                encoding=request.GET.get("encoding", "utf-8-sig"),
            )
        )
        return response if done else redirect("support:industry_list")


# --- The W.Co School's 運営委員会 ---------------------------------------------------------------


class SchoolCommitteeView(PermissionRequiredMixin, TemplateView):
    """The school's operating committee: its members and meetings (the secretariat's
    pages, as for any body)."""

    permission_required = "support.view_school_committee"
    template_name = "support/industry/school_committee.html"

    def get_context_data(self, **kwargs):
        body = selectors.school_committee_body()
        upcoming, past = selectors.body_meetings(body=body)
        return super().get_context_data(
            body=body,
            members=selectors.body_current_members(body=body),
            upcoming=upcoming,
            past=past,
            can_see_body=self.request.user.has_perm("secretariat.view_body", body),
            **kwargs,
        )
