"""W.Co School pages: the public catalogue, applications, and the staff's pages."""

import re
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.models import Affiliation, Person
from members.roles import roles_of
from members.selectors import person_for_user
from wco_sse.core import fragments
from wco_sse.core.audit import audit_entries_for
from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import Column, export_response
from wco_sse.core.japan import fiscal_year, format_fiscal_year
from wco_sse.core.pdf import render_pdf
from wco_sse.core.validators import number_param
from wco_sse.core.views import ServiceFormMixin

from .. import selectors, services
from ..calendar import course_calendar, ics_response
from ..forms import (
    ApplyForm,
    CancelForm,
    CatalogueFilterForm,
    CategoryForm,
    CourseForm,
    EmailParticipantsForm,
    PromoteForm,
    ProxyApplyForm,
    RepresentativeApplyForm,
    SessionFormSet,
)
from ..models import Application, Course, CourseCategory, CourseSession

__all__ = [
    "ApplicationCancelView",
    "ApplicationDetailView",
    "ApplicationFeeView",
    "ApplicationPromoteView",
    "CategoryListView",
    "CertificateView",
    "CourseApplyProxyView",
    "CourseApplyRepresentativeView",
    "CourseApplyView",
    "CourseCreateView",
    "CourseDetailView",
    "CourseEditView",
    "CourseEmailView",
    "CourseExportView",
    "CourseIcalView",
    "CourseListView",
    "CourseManageListView",
    "CourseManageView",
    "CourseStatusView",
    "SchoolStatsView",
    "SessionAttendanceToggleView",
    "SessionAttendanceView",
    "SessionRosterView",
]


def sheet_safe(text):
    """A spreadsheet sheet's name (the export's title) can't hold []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "・", str(text))


def _seats_left(course):
    return max(course.capacity - course.confirmed_count, 0)


def _can_cancel(user, application, course):
    """Whether ``user`` may cancel ``application`` now (staff at any time)."""
    return (
        application.is_live
        and user.has_perm("support.cancel_application", application)
        and (
            user.has_perm("support.manage_courses")
            or application.status == Application.Status.WAITLISTED
            or course.can_cancel_at()
        )
    )


def _application_card_context(request, course, *, apply_form=None, own=None):
    """What the course page's application card shows to ``request.user``; ``own`` is
    the user's own application just made, when the caller has it."""
    user = request.user
    course.seats_left = _seats_left(course)
    if own is not None:
        person, application = own.person, own
    else:
        person = person_for_user(user)
        application = selectors.live_application_of(course=course, person=person)
    return {
        "course": course,
        "application": application,
        "can_cancel": application is not None
        and _can_cancel(user, application, course),
        "person": person,
        "is_open": course.application_open_at(),
        "is_representative": roles_of(user).is_representative,
        "apply_form": apply_form or ApplyForm(auto_id="card_%s"),
    }


def _render_application_card(request, course, *, apply_form=None, own=None):
    """The course page's application card after an htmx apply or cancel, with the
    seats left and the messages out of band. ``course`` is the one the view acted on
    (the user may see it); its seats are counted again, the action changed them."""
    course.confirmed_count = selectors.course_confirmed_count(course)
    return render(
        request,
        "support/course_detail.html#application_card",
        {
            "oob": True,
            **_application_card_context(
                request, course, apply_form=apply_form, own=own
            ),
        },
    )


# --- The public catalogue ----------------------------------------------------------------


class CourseListView(TemplateView):
    """講座一覧: anyone sees published public courses; members also members-only."""

    template_name = "support/course_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CatalogueFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        courses = selectors.course_list_visible_to(
            user=self.request.user,
            category=filters.get("category"),
            month=filters.get("month"),
            audience=filters.get("audience", ""),
        )
        page = Paginator(courses, self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page_obj=page,
            cards=self._cards(list(page.object_list)),
            is_paginated=page.has_other_pages(),
            query=query.urlencode(),
            now=timezone.now(),
        )
        return context

    def _cards(self, courses):
        """Each course's card, cached for this viewer until the course, its sessions
        or its applications change; the sessions of the cards to render are read in
        one query."""
        for course in courses:
            course.seats_left = _seats_left(course)
        return fragments.cached_many(
            self.request,
            [
                fragments.Fragment(
                    "course-card",
                    (f"support.course:{course.pk}", "support.coursecategory"),
                    (course.pk,),
                    partial(
                        render_to_string,
                        "support/_course_card.html",
                        {"course": course},
                        request=self.request,
                    ),
                    obj=course,
                )
                for course in courses
            ],
            prepare=lambda missed: prefetch_related_objects(
                [fragment.obj for fragment in missed], "sessions"
            ),
        )


class CourseDetailView(TemplateView):
    template_name = "support/course_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = selectors.course_get_for(user=self.request.user, pk=kwargs["pk"])
        context.update(
            sessions=list(course.sessions.all()),
            **_application_card_context(self.request, course),
        )
        return context


class CourseIcalView(View):
    def get(self, request, pk):
        course = selectors.course_get_for(user=request.user, pk=pk)
        url = request.build_absolute_uri(
            reverse("support:course_detail", kwargs={"pk": course.pk})
        )
        return ics_response(course_calendar(course, url=url), f"course-{course.pk}.ics")


# --- Applying ----------------------------------------------------------------------------


class _CourseFormView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """A form about one course the user may see (404 otherwise)."""

    perm = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # Sessions are read only if a page that lists them is rendered.
            self.course = selectors.course_get_for(
                user=request.user, pk=kwargs["pk"], with_sessions=False
            )
            if self.perm and not request.user.has_perm(self.perm):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        self.course.seats_left = _seats_left(self.course)
        return super().get_context_data(course=self.course, **kwargs)

    def applied(self, application):
        if application.status == Application.Status.CONFIRMED:
            messages.success(
                self.request,
                _("The application of %(person)s is confirmed.")
                % {"person": application.person},
            )
        else:
            messages.warning(
                self.request,
                _(
                    "The course is full: %(person)s is on the waitlist at position %(position)s."
                )
                % {
                    "person": application.person,
                    "position": application.waitlist_position,
                },
            )
        if self.request.htmx:
            return _render_application_card(
                self.request, self.course, own=self.own_application(application)
            )
        return redirect("support:application_detail", pk=application.pk)

    def own_application(self, application):
        """``application`` if it is the user's own (then the card needs no lookup)."""
        return None


class CourseApplyView(_CourseFormView):
    """Apply for oneself: from the apply page, or from the course page's card (htmx,
    answered with the updated card)."""

    perm = "support.apply_self"
    form_class = ApplyForm
    template_name = "support/course_apply.html"

    def form_invalid(self, form):
        if self.request.htmx:
            return _render_application_card(self.request, self.course, apply_form=form)
        return super().form_invalid(form)

    def form_valid(self, form):
        user = self.request.user
        application = self.run_service(
            form,
            lambda: services.application_create(
                actor=user,
                course=self.course,
                person=Person.objects.get(pk=roles_of(user).person_id),
                note=form.cleaned_data["note"],
            ),
        )
        if application is None:
            return self.form_invalid(form)
        return self.applied(application)

    def own_application(self, application):
        return application


class CourseApplyRepresentativeView(_CourseFormView):
    """A W.Co representative applies for one of their W.Co's people."""

    perm = "support.apply_for_people"
    form_class = RepresentativeApplyForm
    template_name = "support/course_apply_for.html"

    def get_form_kwargs(self):
        represented = roles_of(self.request.user).represented_org_ids
        affiliations = (
            Affiliation.objects.current()
            .filter(organization_id__in=represented, confirmed=True)
            .select_related("person", "organization")
            .order_by("organization__name_kana", "person__family_name_kana", "pk")
        )
        return {
            **super().get_form_kwargs(),
            "people": [(a.person, a.organization) for a in affiliations],
        }

    def form_valid(self, form):
        person, organization = form.cleaned_data["person"]
        application = self.run_service(
            form,
            lambda: services.application_create(
                actor=self.request.user,
                course=self.course,
                person=person,
                channel=Application.Channel.REPRESENTATIVE,
                organization=organization,
                note=form.cleaned_data["note"],
            ),
        )
        if application is None:
            return self.form_invalid(form)
        return self.applied(application)


class CourseApplyProxyView(_CourseFormView):
    """代理申込: the secretariat applies for someone who phoned in."""

    perm = "support.apply_by_proxy"
    form_class = ProxyApplyForm
    template_name = "support/course_apply_proxy.html"

    @cached_property
    def search(self):
        # A NUL can't be part of a query on PostgreSQL, not even of its pattern.
        return self.request.GET.get("q", "").replace("\x00", "").strip()[:60]

    def people(self):
        queryset = Person.objects.order_by("family_name_kana", "given_name_kana", "pk")
        if self.search:
            queryset = queryset.filter(
                Q(family_name__icontains=self.search)
                | Q(given_name__icontains=self.search)
                | Q(family_name_kana__icontains=self.search)
                | Q(given_name_kana__icontains=self.search)
                | Q(phone__icontains=self.search)
                | Q(email__icontains=self.search)
            )
            return queryset
        return queryset.none()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # A POST names any person; the search only narrows what the page offers.
        kwargs["people"] = (
            Person.objects.all()
            if self.request.method == "POST"
            else self.people()[:30]
        )
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user

        @transaction.atomic  # a new person is recorded with the application, or not at all
        def call():
            person = data["person"] or services.person_create_for_proxy(
                actor=user,
                family_name=data["family_name"],
                given_name=data["given_name"],
                family_name_kana=data["family_name_kana"],
                given_name_kana=data["given_name_kana"],
                phone=data["phone"],
                email=data["email"],
            )
            return services.application_create(
                actor=user,
                course=self.course,
                person=person,
                channel=Application.Channel.PROXY,
                note=data["note"],
            )

        application = self.run_service(form, call)
        if application is None:
            return self.form_invalid(form)
        return self.applied(application)


# --- One application -----------------------------------------------------------------------


class ApplicationDetailView(LoginRequiredMixin, TemplateView):
    template_name = "support/application_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        application = selectors.application_get_for(user=user, pk=kwargs["pk"])
        course = application.course
        staff = user.has_perm("support.manage_courses")
        context.update(
            application=application,
            course=course,
            sessions=list(course.sessions.all()),
            can_cancel=_can_cancel(user, application, course),
            certificate=user.has_perm("support.view_certificate", application)
            and selectors.attended_every_session(application),
            history=audit_entries_for(application) if staff else None,
            staff=staff,
            cancel_form=CancelForm(),
        )
        return context


class _ApplicationFormView(LoginRequiredMixin, ServiceFormMixin, FormView):
    perm = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.application = selectors.application_get_for(
                user=request.user, pk=kwargs["pk"]
            )
            if not request.user.has_perm(self.perm, self.application):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.application, course=self.application.course, **kwargs
        )


class ApplicationCancelView(_ApplicationFormView):
    perm = "support.cancel_application"
    form_class = CancelForm
    template_name = "support/application_cancel.html"

    def post(self, request, *args, **kwargs):
        # An empty reason is a valid cancellation: the form has no required field.
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        was_waitlisted = self.application.status == Application.Status.WAITLISTED
        application = self.run_service(
            form,
            lambda: services.application_cancel(
                actor=self.request.user,
                application=self.application,
                reason=form.cleaned_data["reason"],
            ),
        )
        if application is None:
            if self.request.htmx:
                for error in form.non_field_errors():
                    messages.error(self.request, error)
                return _render_application_card(self.request, self.application.course)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("You have left the waitlist.")
            if was_waitlisted
            else _("The application was cancelled."),
        )
        if self.request.htmx:
            # From the course page's card: answer with the card as it is now.
            return _render_application_card(self.request, self.application.course)
        return redirect("support:application_detail", pk=application.pk)


class ApplicationPromoteView(_ApplicationFormView):
    perm = "support.promote_application"
    form_class = PromoteForm
    template_name = "support/application_promote.html"

    def form_valid(self, form):
        application = self.run_service(
            form,
            lambda: services.application_promote(
                actor=self.request.user,
                application=self.application,
                reason=form.cleaned_data["reason"],
            ),
        )
        if application is None:
            return self.form_invalid(form)
        if application.status == Application.Status.CONFIRMED:
            messages.success(self.request, _("The application is confirmed."))
        else:
            messages.success(
                self.request,
                _("The course is full: the person is now first on the waitlist."),
            )
        return redirect("support:course_manage", pk=application.course_id)


class ApplicationFeeView(LoginRequiredMixin, View):
    """One tap marks a participant's fee as paid, or not paid."""

    def post(self, request, pk):
        application = selectors.application_get_for(user=request.user, pk=pk)
        if not request.user.has_perm("support.manage_courses"):
            raise PermissionDenied
        application = services.application_set_fee_paid(
            actor=request.user, application=application, paid=not application.fee_paid
        )
        if request.htmx:
            return render(
                request,
                "support/course_manage.html#fee_button",
                {"application": application},
            )
        return redirect("support:course_manage", pk=application.course_id)


class CertificateView(LoginRequiredMixin, View):
    """修了証: for a participant who attended every session."""

    def get(self, request, pk):
        application = selectors.application_get_for(
            user=request.user, pk=pk, perm="support.view_certificate"
        )
        if not selectors.attended_every_session(application):
            raise Http404
        sessions = list(application.course.sessions.all())
        pdf = render_pdf(
            "support/pdf/certificate.html",
            {
                "application": application,
                "course": application.course,
                "person": application.person,
                "sessions": sessions,
                "issued": timezone.localdate(),
                "organization_name": settings.WCO_ORGANIZATION_NAME,
            },
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            True, f"certificate-{application.pk}.pdf"
        )
        return response


# --- Staff: courses ----------------------------------------------------------------------


class CourseManageListView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.manage_courses"
    template_name = "support/course_manage_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        year = number_param(self.request.GET.get("year"))
        year = year if year is not None and 2000 <= year <= 2100 else None
        courses = selectors.course_list_for_staff(status=status, year=year)
        page = Paginator(courses, 50).get_page(self.request.GET.get("page"))
        for course in page:
            course.seats_left = _seats_left(course)
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
            statuses=Course.Status.choices,
            years=[
                (y, format_fiscal_year(y))
                for y in range(this_year + 1, this_year - 4, -1)
            ],
        )
        return context


class _CourseEditBase(PermissionRequiredMixin, ServiceFormMixin, TemplateView):
    permission_required = "support.manage_courses"
    template_name = "support/course_form.html"
    course = None

    def forms(self, data=None):
        if self.course is None:
            initial = {}
            sessions_initial = []
        else:
            c = self.course
            initial = {
                "title": c.title,
                "category": c.category_id,
                "description": c.description,
                "instructor": c.instructor,
                "capacity": c.capacity,
                "audience": c.audience,
                "fee_member": c.fee_member,
                "fee_general": c.fee_general,
                "application_opens": timezone.localtime(c.application_opens),
                "application_closes": timezone.localtime(c.application_closes),
                "cancellation_deadline": timezone.localtime(c.cancellation_deadline),
            }
            sessions_initial = [
                {
                    "pk": s.pk,
                    "starts_at": timezone.localtime(s.starts_at),
                    "ends_at": timezone.localtime(s.ends_at),
                    "venue": s.venue,
                    "online_url": s.online_url,
                }
                for s in c.sessions.all()
            ]
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
            # A course's existing sessions stay unless deleted, changed or not; of
            # the empty rows below them, those filled in are new sessions.
            initial = formset.initial_form_count()
            sessions = [
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
            data = form.cleaned_data
            try:
                course = services.course_save(
                    actor=request.user,
                    course=self.course,
                    sessions=sessions,
                    **{
                        name: data[name]
                        for name in (
                            "title",
                            "category",
                            "description",
                            "instructor",
                            "capacity",
                            "audience",
                            "fee_member",
                            "fee_general",
                            "application_opens",
                            "application_closes",
                            "cancellation_deadline",
                        )
                    },
                )
            except ServiceError as error:
                if error.field in form.fields:
                    form.add_error(error.field, error.message)
                else:
                    formset._non_form_errors = formset.error_class(
                        [error.message], renderer=formset.renderer
                    )
                    form.add_error(None, error.message)
            else:
                messages.success(request, _("The course was saved."))
                return redirect("support:course_manage", pk=course.pk)
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(course=self.course, **kwargs)


class CourseCreateView(_CourseEditBase):
    pass


class CourseEditView(_CourseEditBase):
    def dispatch(self, request, *args, **kwargs):
        self.course = get_object_or_404(Course, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class CourseManageView(PermissionRequiredMixin, TemplateView):
    """The course's staff page: applications, waitlist, fees, sessions, actions."""

    permission_required = "support.manage_courses"
    template_name = "support/course_manage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = get_object_or_404(
            Course.objects.select_related("category").prefetch_related("sessions"),
            pk=kwargs["pk"],
        )
        applications = selectors.course_applications(course=course)
        confirmed = [a for a in applications if a.status == "confirmed"]
        waitlisted = sorted(
            (a for a in applications if a.status == "waitlisted"),
            key=lambda a: a.waitlist_position,
        )
        ended = [a for a in applications if not a.is_live]
        course.confirmed_count = len(confirmed)
        course.seats_left = _seats_left(course)
        context.update(
            course=course,
            sessions=list(course.sessions.all()),
            confirmed=confirmed,
            waitlisted=waitlisted,
            ended=ended,
            transitions=[Course.Status(s) for s in Course.TRANSITIONS[course.status]],
            history=audit_entries_for(course),
        )
        return context


class CourseStatusView(PermissionRequiredMixin, View):
    permission_required = "support.manage_courses"

    def post(self, request, pk):
        course = get_object_or_404(Course, pk=pk)
        status = request.POST.get("status", "")
        if status not in Course.Status.values:
            messages.error(request, _("Choose the new state of the course."))
        else:
            try:
                services.course_set_status(
                    actor=request.user, course=course, status=status
                )
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The course's state was changed."))
        return redirect("support:course_manage", pk=course.pk)


class CourseExportView(PermissionRequiredMixin, View):
    """The participant list as XLSX or CSV (logged as an export of personal data)."""

    permission_required = "support.manage_courses"

    def get(self, request, pk):
        course = get_object_or_404(Course, pk=pk)
        file_format = request.GET.get("format", "xlsx")
        file_format = file_format if file_format in {"xlsx", "csv"} else "xlsx"
        applications = [
            a for a in selectors.course_applications(course=course) if a.is_live
        ]
        columns = [
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
        try:
            return export_response(
                actor=request.user,
                what=sheet_safe(
                    _("Participants of %(course)s") % {"course": course.title}
                ),
                columns=columns,
                rows=applications,
                file_format=file_format,
                filename=f"participants-{course.pk}",
                filters=f"course={course.pk}",
                encoding=request.GET.get("encoding", "utf-8-sig"),
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("support:course_manage", pk=course.pk)


class CourseEmailView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "support.manage_courses"
    form_class = EmailParticipantsForm
    template_name = "support/course_email.html"

    @cached_property
    def course(self):
        return get_object_or_404(Course, pk=self.kwargs["pk"])

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


# --- Staff: sessions -----------------------------------------------------------------------


def _session(pk):
    return get_object_or_404(CourseSession.objects.select_related("course"), pk=pk)


class SessionAttendanceView(PermissionRequiredMixin, TemplateView):
    """出欠: one tap per person, made for a tablet at the door."""

    permission_required = "support.manage_courses"
    template_name = "support/session_attendance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = _session(kwargs["pk"])
        applications = selectors.session_attendance_sheet(session=session)
        context.update(
            session=session,
            course=session.course,
            applications=applications,
            present_count=sum(1 for a in applications if a.present),
        )
        return context


class SessionAttendanceToggleView(PermissionRequiredMixin, View):
    permission_required = "support.manage_courses"

    def post(self, request, pk, application_pk):
        session = _session(pk)
        application = get_object_or_404(
            Application.objects.select_related("person", "organization"),
            pk=application_pk,
            course_id=session.course_id,
        )
        try:
            application.present = services.attendance_toggle(
                actor=request.user, session=session, application=application
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("support:session_attendance", pk=session.pk)
        if request.htmx:
            return render(
                request,
                "support/session_attendance.html#attendance_row",
                {"session": session, "application": application},
            )
        return redirect("support:session_attendance", pk=session.pk)


class SessionRosterView(PermissionRequiredMixin, View):
    """受付名簿: the sign-in sheet of one session, as PDF."""

    permission_required = "support.manage_courses"

    def get(self, request, pk):
        session = _session(pk)
        sessions = list(session.course.sessions.all())
        pdf = render_pdf(
            "support/pdf/roster.html",
            {
                "session": session,
                "course": session.course,
                "number": sessions.index(session) + 1,
                "session_count": len(sessions),
                "applications": selectors.session_attendance_sheet(session=session),
            },
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            True, f"roster-{session.course_id}-{session.pk}.pdf"
        )
        return response


# --- Staff: categories and statistics ----------------------------------------------------


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


def _year_from(request):
    this_year = fiscal_year(timezone.localdate())
    year = number_param(request.GET.get("year"))
    year = year if year is not None and 2000 <= year <= 2100 else this_year
    years = [
        (y, format_fiscal_year(y)) for y in range(this_year + 1, this_year - 5, -1)
    ]
    return year, years


class SchoolStatsView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.view_school_stats"
    template_name = "support/school_stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, years = _year_from(self.request)
        context.update(
            year=year,
            years=years,
            year_label=format_fiscal_year(year),
            stats=selectors.school_statistics(year=year),
        )
        return context
