"""Applying for a course (for oneself, for one's W.Co's people, by proxy) and one
application's pages: its detail, cancelling, promotion, fee and certificate."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from members.models import Affiliation, Person
from members.roles import roles_of
from wco_sse.core.audit import audit_entries_for
from wco_sse.core.pdf import render_pdf
from wco_sse.core.throttle import Throttle, ThrottledFormMixin
from wco_sse.core.views import InReachMixin, ServiceActionMixin, ServiceFormMixin

from ... import selectors, services
from ...forms import (
    ApplyForm,
    CancelForm,
    PromoteForm,
    ProxyApplyForm,
    RepresentativeApplyForm,
)
from ...models import Application
from ..common import pdf_download
from .card import can_cancel, render_application_card, seats_left

__all__ = [
    "ApplicationCancelView",
    "ApplicationDetailView",
    "ApplicationFeeView",
    "ApplicationPromoteView",
    "CertificateView",
    "CourseApplyProxyView",
    "CourseApplyRepresentativeView",
    "CourseApplyView",
]


# --- Applying ----------------------------------------------------------------------------


class _CourseFormView(LoginRequiredMixin, InReachMixin, ServiceFormMixin, FormView):
    """A form about one course: one the user may see and apply for in this page's
    way (``perm``); 404 otherwise."""

    perm = None

    def get_object(self):
        # Sessions are read only if a page that lists them is rendered; seats are
        # counted for the form's page, and after an application (which changes them)
        # by the page or card that answers it.
        return selectors.course_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=("support.view_course", self.perm),
            with_sessions=False,
            with_counts=self.request.method == "GET",
        )

    @property
    def course(self):
        return self.object

    def get_context_data(self, **kwargs):
        if not hasattr(self.course, "confirmed_count"):  # a form sent back
            self.course.confirmed_count = selectors.course_confirmed_count(self.course)
        self.course.seats_left = seats_left(self.course)
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
            return render_application_card(
                self.request,
                self.course,
                own=self.own_application(application),
                confirmed_count=getattr(application.course, "confirmed_count", None),
            )
        return redirect("support:application_detail", pk=application.pk)

    def own_application(self, application):
        """``application`` if it is the user's own (then the card needs no lookup)."""
        return None

    def form_valid(self, form):
        application = self.run_service(form, lambda: self.apply(form.cleaned_data))
        if application is None:
            return self.form_invalid(form)
        return self.applied(application)

    def apply(self, data):
        """Call the service that applies; returns the application."""
        raise NotImplementedError


class CourseApplyView(ThrottledFormMixin, _CourseFormView):
    """Apply for oneself: from the apply page, or from the course page's card (htmx,
    answered with the updated card)."""

    perm = "support.apply_self"
    form_class = ApplyForm
    template_name = "support/course_apply.html"
    # A person applies for a few courses at a time; an office network for its people.
    throttle = Throttle("course_apply", per_account=20, per_address=100)

    def form_valid(self, form):
        if self.throttled(form):
            return self.form_invalid(form)
        return super().form_valid(form)

    def form_invalid(self, form):
        if self.request.htmx:
            return render_application_card(self.request, self.course, apply_form=form)
        return super().form_invalid(form)

    def apply(self, data):
        user = self.request.user
        # The user's own entry, kept on the user: the audit entry names them
        # without reading it again.
        return services.application_create(
            actor=user, course=self.course, person=user.person, note=data["note"]
        )

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
        people = [(a.person, a.organization) for a in affiliations]
        return {
            **super().get_form_kwargs(),
            "people": people,
            "applied": selectors.live_applicants(
                course=self.course, people=[person for person, _org in people]
            ),
        }

    def apply(self, data):
        person, organization = data["person"]
        return services.application_create(
            actor=self.request.user,
            course=self.course,
            person=person,
            channel=Application.Channel.REPRESENTATIVE,
            organization=organization,
            note=data["note"],
        )


class CourseApplyProxyView(_CourseFormView):
    """代理申込: the secretariat applies for someone who phoned in, from the registry
    or new (recorded with the application)."""

    perm = "support.apply_by_proxy"
    form_class = ProxyApplyForm
    template_name = "support/course_apply_proxy.html"

    @cached_property
    def search(self):
        return selectors.search_text(self.request.GET.get("q"))

    def get_form_kwargs(self):
        # A POST names any person; the search only narrows what the page offers.
        people = (
            Person.objects.all()
            if self.request.method == "POST"
            else selectors.people_matching(self.search)
        )
        return {**super().get_form_kwargs(), "people": people}

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search, **kwargs)

    def form_valid(self, form):
        self.person_choice = form.person_or_new_person()
        return super().form_valid(form)

    def apply(self, data):
        return services.application_create_by_proxy(
            actor=self.request.user,
            course=self.course,
            note=data["note"],
            **self.person_choice,
        )


# --- One application -----------------------------------------------------------------------


class _ApplicationMixin(LoginRequiredMixin, InReachMixin):
    """A page about one application: one the user may use this page for
    (``perm``), else 404."""

    perm = "support.view_application"
    # What the page shows of the records around the application.
    related = selectors.APPLICATION_RELATED

    def get_object(self):
        return selectors.application_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perm=self.perm,
            related=self.related,
        )

    @property
    def application(self):
        return self.object


class ApplicationDetailView(_ApplicationMixin, TemplateView):
    template_name = "support/application_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        application = self.application
        course = application.course
        staff = user.has_perm("support.manage_courses")
        return super().get_context_data(
            application=application,
            course=course,
            sessions=list(course.sessions.all()),
            can_cancel=can_cancel(user, application, course),
            certificate=user.has_perm("support.view_certificate", application)
            and selectors.attended_every_session(application),
            history=audit_entries_for(application) if staff else None,
            staff=staff,
            cancel_form=CancelForm(),
            **kwargs,
        )


class _ApplicationFormView(_ApplicationMixin, ServiceFormMixin, FormView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.application, course=self.application.course, **kwargs
        )


class ApplicationCancelView(_ApplicationFormView):
    """Cancel (or leave the waitlist): from its page, or from the course page's card
    (htmx, answered with the card)."""

    perm = "support.cancel_application"
    form_class = CancelForm
    template_name = "support/application_cancel.html"
    # The course and the person: what the page and the course page's card show.
    related = ("course", "person")

    def form_valid(self, form):
        # An empty reason is a valid cancellation: the form has no required field.
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
                return render_application_card(self.request, self.application.course)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("You have left the waitlist.")
            if was_waitlisted
            else _("The application was cancelled."),
        )
        if self.request.htmx:
            # From the course page's card: answer with the card as it is now. The
            # person who cancelled their own has no live application left, and the
            # service counted the seats under the course lock.
            own = application.person.account_id == self.request.user.pk
            return render_application_card(
                self.request,
                self.application.course,
                person=application.person if own else None,
                confirmed_count=getattr(application.course, "confirmed_count", None),
            )
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


class ApplicationFeeView(_ApplicationMixin, ServiceActionMixin, View):
    """One tap marks a participant's fee as paid, or not paid."""

    perm = "support.manage_courses"

    def post(self, request, pk):
        application = self.application
        done, changed = self.run_action(
            lambda: services.application_set_fee_paid(
                actor=request.user,
                application=application,
                paid=not application.fee_paid,
            )
        )
        return self.answer(
            done,
            to="support:course_manage",
            pk=application.course_id,
            fragment="support/course_manage.html#fee_button",
            context={"application": changed or application},
        )


class CertificateView(_ApplicationMixin, View):
    """修了証: for a participant who attended every session."""

    perm = "support.view_certificate"

    def get(self, request, pk):
        application = self.application
        if not selectors.attended_every_session(application):
            raise Http404
        pdf = render_pdf(
            "support/pdf/certificate.html",
            {
                "application": application,
                "course": application.course,
                "person": application.person,
                "sessions": list(application.course.sessions.all()),
                "issued": timezone.localdate(),
                "organization_name": settings.WCO_ORGANIZATION_NAME,
            },
        )
        return pdf_download(pdf, f"certificate-{application.pk}.pdf")
