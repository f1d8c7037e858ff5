"""Running the school (the committee and the secretariat): the course list, a
course's form and staff page, its state, participant export and email; categories
and the year's statistics."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.audit import audit_entries_for
from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import Column, export_response
from wco_sse.core.japan import fiscal_year, format_fiscal_year
from wco_sse.core.validators import number_param
from wco_sse.core.views import (
    CachedPageMixin,
    InReachMixin,
    ServiceActionMixin,
    ServiceFormMixin,
)

from ... import selectors, services
from ...forms import CategoryForm, CourseForm, EmailParticipantsForm, SessionFormSet
from ...models import Application, Course, CourseCategory
from ..common import export_format, sheet_safe, year_from
from .card import seats_left

__all__ = [
    "CategoryListView",
    "CourseCreateView",
    "CourseEditView",
    "CourseEmailView",
    "CourseExportView",
    "CourseManageListView",
    "CourseManageView",
    "CourseStatusView",
    "SchoolStatsView",
]


class ManagedCourseMixin(LoginRequiredMixin, InReachMixin):
    """A staff page about one course: for those who run the school, 404 to anyone
    else (an existing course as a missing one)."""

    with_sessions = False
    with_counts = True

    def get_object(self):
        return selectors.course_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=("support.manage_courses",),
            with_sessions=self.with_sessions,
            with_counts=self.with_counts,
        )

    @property
    def course(self):
        return self.object


class CourseManageListView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.manage_courses"
    template_name = "support/course_manage_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        year = number_param(self.request.GET.get("year"))
        year = year if year is not None and 2000 <= year <= 2100 else None
        near_capacity = self.request.GET.get("near") == "1"
        courses = selectors.course_list_for_staff(
            status=status, year=year, near_capacity=near_capacity
        )
        page = Paginator(courses, 50).get_page(self.request.GET.get("page"))
        for course in page:
            course.seats_left = seats_left(course)
        query = self.request.GET.copy()
        query.pop("page", None)
        this_year = fiscal_year(timezone.localdate())
        context.update(
            page_obj=page,
            courses=page.object_list,
            is_paginated=page.has_other_pages(),
            query=query.urlencode(),
            status=status,
            year=year,
            near_capacity=near_capacity,
            statuses=Course.Status.choices,
            years=[
                (y, format_fiscal_year(y))
                for y in range(this_year + 1, this_year - 4, -1)
            ],
        )
        return context


# --- A course's form ------------------------------------------------------------------------


def _session_data(formset):
    """The sessions to save: a course's existing sessions stay unless deleted,
    changed or not; of the empty rows below them, those filled in are new."""
    initial = formset.initial_form_count()
    return [
        services.SessionData(
            pk=f.cleaned_data.get("pk"),
            starts_at=f.cleaned_data["starts_at"],
            ends_at=f.cleaned_data["ends_at"],
            venue=f.cleaned_data.get("venue", ""),
            online_url=f.cleaned_data.get("online_url", ""),
        )
        for index, f in enumerate(formset.forms)
        if (index < initial or f.has_changed())
        and f.cleaned_data
        and not f.cleaned_data.get("DELETE")
    ]


def _initial(course):
    if course is None:
        return {}, []
    values = {name: getattr(course, name) for name in services.COURSE_FIELDS}
    sessions = [
        {
            "pk": s.pk,
            "starts_at": timezone.localtime(s.starts_at),
            "ends_at": timezone.localtime(s.ends_at),
            "venue": s.venue,
            "online_url": s.online_url,
        }
        for s in course.sessions.all()
    ]
    return values, sessions


class _CourseFormPage(TemplateView):
    """A course with its sessions, created or changed in one form."""

    template_name = "support/course_form.html"
    course = None

    def forms(self, data=None):
        initial, sessions_initial = _initial(self.course)
        form = CourseForm(data, initial=initial)
        formset = SessionFormSet(data, initial=sessions_initial, prefix="sessions")
        return form, formset

    def get(self, request, *args, **kwargs):
        form, formset = self.forms()
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset)
        )

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                course = services.course_save(
                    actor=request.user,
                    course=self.course,
                    sessions=_session_data(formset),
                    **form.course_values(),
                )
            except ServiceError as error:
                self.refused(error, form, formset)
            else:
                messages.success(request, _("The course was saved."))
                return redirect("support:course_manage", pk=course.pk)
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset)
        )

    def refused(self, error, form, formset):
        """The service's message at its field, or above the form and the sessions."""
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            formset._non_form_errors = formset.error_class(
                [error.message], renderer=formset.renderer
            )
            form.add_error(None, error.message)

    def get_context_data(self, **kwargs):
        return super().get_context_data(course=self.course, **kwargs)


class CourseCreateView(PermissionRequiredMixin, _CourseFormPage):
    permission_required = "support.manage_courses"


class CourseEditView(ManagedCourseMixin, _CourseFormPage):
    with_sessions = True


# --- A course's staff page and actions -------------------------------------------------------


class CourseManageView(CachedPageMixin, ManagedCourseMixin, TemplateView):
    """The course's staff page: applications, waitlist, fees, sessions, actions.

    Kept whole for its reader until the course changes: its sessions and
    applications renew the course's own version, the registry the names shown, an
    audit entry about the course its history."""

    template_name = "support/course_manage.html"
    # Sessions and seats are read when the page is rendered, not on a hit.
    with_counts = False

    def get_page_depends_on(self):
        pk = self.object.pk
        return (
            f"support.course:{pk}",
            "support.coursecategory",
            "members",
            f"core.auditentry:support.course:{pk}",
        )

    def get_context_data(self, **kwargs):
        course = self.course
        applications = selectors.course_applications(course=course)
        confirmed = [
            a for a in applications if a.status == Application.Status.CONFIRMED
        ]
        waitlisted = sorted(
            (a for a in applications if a.status == Application.Status.WAITLISTED),
            key=lambda a: a.waitlist_position,
        )
        course.confirmed_count = len(confirmed)
        course.seats_left = seats_left(course)
        return super().get_context_data(
            course=course,
            sessions=list(course.sessions.all()),
            confirmed=confirmed,
            waitlisted=waitlisted,
            ended=[a for a in applications if not a.is_live],
            transitions=[Course.Status(s) for s in Course.TRANSITIONS[course.status]],
            history=audit_entries_for(course),
            **kwargs,
        )


class CourseStatusView(ManagedCourseMixin, ServiceActionMixin, View):
    def post(self, request, pk):
        status = request.POST.get("status", "")
        if status not in Course.Status.values:
            messages.error(request, _("Choose the new state of the course."))
        else:
            done, _course = self.run_action(
                lambda: services.course_set_status(
                    actor=request.user, course=self.course, status=status
                )
            )
            if done:
                messages.success(request, _("The course's state was changed."))
        return redirect("support:course_manage", pk=self.course.pk)


def _participant_columns():
    return [
        Column(_("State"), lambda a: a.get_status_display()),
        Column(_("Waitlist position"), lambda a: a.waitlist_position),
        Column(_("Name"), lambda a: a.person.full_name),
        Column(_("Name (kana)"), lambda a: a.person.full_name_kana),
        Column(_("Email"), lambda a: a.person.contact_email),
        Column(_("Phone"), lambda a: a.person.phone),
        Column(_("W.Co"), lambda a: a.organization.name if a.organization else ""),
        Column(_("Applied"), lambda a: a.get_channel_display()),
        Column(_("Fee (yen)"), lambda a: a.fee),
        Column(_("Fee paid"), lambda a: a.fee_paid),
        Column(_("Note"), lambda a: a.note),
        Column(
            _("Applied at"),
            lambda a: timezone.localtime(a.created_at).strftime("%Y-%m-%d %H:%M"),
        ),
    ]


class CourseExportView(ManagedCourseMixin, ServiceActionMixin, View):
    """The participant list as XLSX or CSV (logged as an export of personal data)."""

    def get(self, request, pk):
        course = self.course
        applications = [
            a for a in selectors.course_applications(course=course) if a.is_live
        ]
        done, response = self.run_action(
            lambda: export_response(
                actor=request.user,
                what=sheet_safe(
                    _("Participants of %(course)s") % {"course": course.title}
                ),
                columns=_participant_columns(),
                rows=applications,
                file_format=export_format(request),
                filename=f"participants-{course.pk}",
                filters=f"course={course.pk}",
                encoding=request.GET.get("encoding", "utf-8-sig"),
            )
        )
        return response if done else redirect("support:course_manage", pk=course.pk)


class CourseEmailView(ManagedCourseMixin, ServiceFormMixin, FormView):
    form_class = EmailParticipantsForm
    template_name = "support/course_email.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(course=self.course, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        sent = self.run_service(
            form,
            lambda: services.course_email_participants(
                actor=self.request.user,
                course=self.course,
                subject=data["subject"],
                body=data["body"],
                include_waitlist=data["include_waitlist"],
            ),
        )
        if sent is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The message was queued for %(count)s participants.") % {"count": sent},
        )
        return redirect("support:course_manage", pk=self.course.pk)


# --- Categories and statistics -----------------------------------------------------------


class CategoryListView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "support.manage_courses"
    form_class = CategoryForm
    template_name = "support/category_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            categories=list(CourseCategory.objects.all()), **kwargs
        )

    def form_valid(self, form):
        category = self.run_service(
            form,
            lambda: services.category_create(
                actor=self.request.user,
                name=form.cleaned_data["name"],
                sort_order=form.cleaned_data["sort_order"],
            ),
        )
        if category is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The category was added."))
        return redirect("support:category_list")


class SchoolStatsView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.view_school_stats"
    template_name = "support/school_stats.html"

    def get_context_data(self, **kwargs):
        year, years = year_from(self.request)
        return super().get_context_data(
            year=year,
            years=years,
            year_label=format_fiscal_year(year),
            stats=selectors.school_statistics(year=year),
            **kwargs,
        )
