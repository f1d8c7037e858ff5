"""Projects (各種プロジェクト): the list, recording and changing one, its state, team,
milestones, outputs, the agenda items that start and close it, the printed report
and the export.

The support section and the secretariat run projects; a project's lead keeps their
own; the board, the 監事 and the operations council read them. A project answers 404
to everyone else, as one that does not exist does; the list, without an id, 403.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.views.base import InReachMixin
from wco_sse.core.exports import Column, export_response
from wco_sse.core.files import files_attached_to
from wco_sse.core.forms import FileUploadForm
from wco_sse.core.pdf import pdf_response, render_pdf
from wco_sse.core.views import CachedPageMixin, ServiceActionMixin, ServiceFormMixin

from ..forms_projects import (
    MilestoneForm,
    MilestoneMarkForm,
    ProjectForm,
    ProjectItemForm,
    ProjectMoveForm,
    project_initial,
)
from ..models import Project, SharedIssue
from ..selectors import projects as selectors
from ..services import projects as services
from .common import export_format, sheet_safe


class ProjectListView(PermissionRequiredMixin, CachedPageMixin, TemplateView):
    permission_required = "support.view_projects"
    template_name = "support/projects/project_list.html"
    # The projects, their milestones and leads: not the whole support section,
    # whose applications change all day.
    page_depends_on = ("support.project", "support.milestone", "members")

    def get_context_data(self, **kwargs):
        state = self.request.GET.get("state", "")
        state = state if state in Project.State.values else ""
        page = Paginator(selectors.project_list(state=state), 50).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            page_obj=page,
            projects=list(page.object_list),
            query=urlencode({"state": state}) if state else "",
            states=Project.State.choices,
            state=state,
            today=timezone.localdate(),
            can_create=self.request.user.has_perm("support.create_project"),
            can_export=self.request.user.has_perm("support.export_projects"),
            **kwargs,
        )


class ProjectCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """A new project; ``?issue=<pk>`` makes it from an industry meeting's issue."""

    permission_required = "support.create_project"
    form_class = ProjectForm
    template_name = "support/projects/project_form.html"

    def issue(self):
        raw = self.request.GET.get("issue", "")
        if not (raw.isascii() and raw.isdigit() and len(raw) < 12):
            return None
        issue = SharedIssue.objects.filter(pk=int(raw)).first()
        if issue is None or not self.request.user.has_perm("support.view_issue", issue):
            return None
        return issue

    def get_initial(self):
        issue = self.issue()
        if issue is None:
            return {"origin": Project.Origin.OTHER}
        return {
            "origin": Project.Origin.ISSUE,
            "origin_issue": issue.pk,
            "title": issue.title[:120],
            "question": issue.text,
        }

    def form_valid(self, form):
        project = self.run_service(
            form,
            lambda: services.project_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if project is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The project was recorded."))
        return redirect(project.get_absolute_url())


class ProjectMixin(InReachMixin):
    permission = "support.view_project"

    def get_object(self):
        return selectors.project_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )


class ProjectDetailView(ProjectMixin, TemplateView):
    template_name = "support/projects/project_detail.html"

    def get_context_data(self, **kwargs):
        project = self.object
        user = self.request.user
        can_manage = user.has_perm("support.manage_project", project)
        return super().get_context_data(
            project=project,
            milestones=selectors.project_milestones(project),
            members=selectors.team_members(project),
            files=files_attached_to(project),
            can_manage=can_manage,
            can_draft=can_manage and user.has_perm("secretariat.draft_item"),
            can_make_team=can_manage
            and project.team_id is None
            and user.has_perm("support.create_project"),
            next_states=services.manual_next_states(user, project),
            milestone_form=MilestoneForm(),
            **kwargs,
        )


class ProjectEditView(ProjectMixin, ServiceFormMixin, FormView):
    permission = "support.manage_project"
    form_class = ProjectForm
    template_name = "support/projects/project_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "editing": True,
            "issue_locked": self.object.origin_issue_id is not None,
            "lead_locked": not self.request.user.has_perm("support.create_project"),
        }

    def get_initial(self):
        return project_initial(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.object, **kwargs)

    def form_valid(self, form):
        project = self.run_service(
            form,
            lambda: services.project_update(
                actor=self.request.user, project=self.object, data=form.cleaned_data
            ),
        )
        if project is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect(project.get_absolute_url())


class ProjectMoveView(ProjectMixin, ServiceActionMixin, View):
    permission = "support.manage_project"

    def post(self, request, pk):
        form = ProjectMoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the project's next state."))
            return redirect(self.object.get_absolute_url())
        done, project = self.run_action(
            lambda: services.project_move(
                actor=request.user,
                project=self.object,
                to_state=form.cleaned_data["state"],
            )
        )
        if done:
            messages.success(
                request,
                _("The project is now %(state)s.")
                % {"state": project.get_state_display()},
            )
        return redirect(self.object.get_absolute_url())


class ProjectTeamCreateView(ProjectMixin, ServiceActionMixin, View):
    permission = "support.manage_project"

    def post(self, request, pk):
        done, body = self.run_action(
            lambda: services.project_team_create(
                actor=request.user, project=self.object
            )
        )
        if not done:
            return redirect(self.object.get_absolute_url())
        messages.success(
            request, _("The project team was made; seat its members on its page.")
        )
        return redirect("secretariat:body_detail", pk=body.pk)


class ProjectDraftItemView(ProjectMixin, ServiceActionMixin, View):
    """Draft the agenda item that starts (承認) or closes (報告) the project."""

    permission = "support.manage_project"

    def post(self, request, pk):
        form = ProjectItemForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose which agenda item to draft."))
            return redirect(self.object.get_absolute_url())
        done, item = self.run_action(
            lambda: services.project_draft_item(
                actor=request.user,
                project=self.object,
                kind=form.cleaned_data["kind"],
            )
        )
        if not done:
            return redirect(self.object.get_absolute_url())
        messages.success(
            request, _("An agenda item was drafted from the project; finish it here.")
        )
        return redirect("secretariat:item_detail", pk=item.pk)


class ProjectFileUploadView(ProjectMixin, ServiceFormMixin, FormView):
    permission = "support.manage_project"
    form_class = FileUploadForm
    template_name = "support/projects/project_file_upload.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.object, **kwargs)

    def form_valid(self, form):
        stored = self.run_service(
            form,
            lambda: services.project_file_attach(
                actor=self.request.user,
                project=self.object,
                uploaded=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            ),
        )
        if stored is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The file was uploaded."))
        return redirect(self.object.get_absolute_url())


class ProjectReportPdfView(ProjectMixin, View):
    """The project's report, printed."""

    def get(self, request, pk):
        project = self.object
        content = render_pdf(
            "support/pdf/project_report.html",
            {
                "project": project,
                "milestones": selectors.project_milestones(project),
                "members": selectors.team_members(project),
                "files": files_attached_to(project),
                "items": list(
                    zip(
                        (_("To start it (approval)"), _("To close it (report)")),
                        selectors.project_items(project),
                        strict=True,
                    )
                ),
                "issued": timezone.localdate(),
                "organization_name": settings.WCO_ORGANIZATION_NAME,
            },
        )
        return pdf_response(content, f"project-{project.pk}.pdf")


# --- Milestones -----------------------------------------------------------------------------


class MilestoneCreateView(ProjectMixin, ServiceFormMixin, FormView):
    permission = "support.manage_project"
    form_class = MilestoneForm
    template_name = "support/projects/milestone_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.object, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        milestone = self.run_service(
            form,
            lambda: services.milestone_add(
                actor=self.request.user,
                project=self.object,
                title=data["title"],
                due=data["due"],
                note=data["note"],
            ),
        )
        if milestone is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The milestone was added."))
        return redirect(self.object.get_absolute_url())


class MilestoneMixin(InReachMixin):
    def get_object(self):
        return selectors.milestone_get_for(
            user=self.request.user,
            project_pk=self.kwargs["pk"],
            pk=self.kwargs["milestone_pk"],
        )


class MilestoneEditView(MilestoneMixin, ServiceFormMixin, FormView):
    form_class = MilestoneForm
    template_name = "support/projects/milestone_form.html"

    def get_initial(self):
        m = self.object
        return {"title": m.title, "due": m.due, "note": m.note}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.object.project, milestone=self.object, **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        milestone = self.run_service(
            form,
            lambda: services.milestone_update(
                actor=self.request.user,
                milestone=self.object,
                title=data["title"],
                due=data["due"],
                note=data["note"],
            ),
        )
        if milestone is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The milestone was saved."))
        return redirect(self.object.project.get_absolute_url())


class MilestoneMarkView(MilestoneMixin, ServiceActionMixin, View):
    def post(self, request, pk, milestone_pk):
        form = MilestoneMarkForm(request.POST)
        if form.is_valid():
            done, _milestone = self.run_action(
                lambda: services.milestone_mark(
                    actor=request.user,
                    milestone=self.object,
                    done=form.cleaned_data["done"],
                )
            )
            if done:
                messages.success(request, _("The milestone was updated."))
        else:
            messages.error(request, _("Say whether the milestone is done."))
        return redirect(self.object.project.get_absolute_url())


class MilestoneDeleteView(MilestoneMixin, ServiceActionMixin, View):
    def post(self, request, pk, milestone_pk):
        done, _result = self.run_action(
            lambda: services.milestone_delete(actor=request.user, milestone=self.object)
        )
        if done:
            messages.success(request, _("The milestone was deleted."))
        return redirect(self.object.project.get_absolute_url())


# --- Export --------------------------------------------------------------------------------


def _export_columns():
    def period(p):
        return " – ".join(d.isoformat() if d else "" for d in (p.start, p.planned_end))

    return [
        Column(_("No."), lambda p: p.pk),
        Column(_("Title"), lambda p: p.title),
        Column(_("State"), lambda p: p.get_state_display()),
        Column(_("Where it came from"), lambda p: p.get_origin_display()),
        Column(_("Lead"), lambda p: p.lead.full_name),
        Column(_("Project team"), lambda p: p.team.name if p.team_id else ""),
        Column(_("Period"), period),
        Column(_("Open milestones"), lambda p: p.open_milestones),
        Column(_("Overdue milestones"), lambda p: p.overdue_milestones),
    ]


class ProjectExportView(PermissionRequiredMixin, ServiceActionMixin, View):
    """Projects as XLSX or CSV; the leads' names make it personal data (logged)."""

    permission_required = "support.export_projects"

    def get(self, request):
        state = request.GET.get("state", "")
        state = state if state in Project.State.values else ""
        done, response = self.run_action(
            lambda: export_response(
                actor=request.user,
                what=sheet_safe(_("Projects")),
                columns=_export_columns(),
                rows=selectors.project_list(state=state),
                file_format=export_format(request),
                filename="projects",
                filters=f"state={state}" if state else "",
                encoding=request.GET.get("encoding", "utf-8-sig"),
            )
        )
        return response if done else redirect("support:project_list")
