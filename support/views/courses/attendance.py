"""出欠: a session's attendance sheet (one tap per person, for a tablet at the door)
and its printed sign-in sheet."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views import View
from django.views.generic import TemplateView

from wco_sse.core.pdf import render_pdf
from wco_sse.core.views import InReachMixin, ServiceActionMixin

from ... import selectors, services
from ..common import pdf_download

__all__ = ["SessionAttendanceToggleView", "SessionAttendanceView", "SessionRosterView"]


class _SessionMixin(LoginRequiredMixin, InReachMixin):
    """A page about one course session: for those who run the school, 404 to
    anyone else."""

    def get_object(self):
        return selectors.session_get_for(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def session(self):
        return self.object


class SessionAttendanceView(_SessionMixin, TemplateView):
    """出欠: one tap per person, made for a tablet at the door."""

    template_name = "support/session_attendance.html"

    def get_context_data(self, **kwargs):
        session = self.session
        applications = selectors.session_attendance_sheet(session=session)
        return super().get_context_data(
            session=session,
            course=session.course,
            applications=applications,
            present_count=sum(1 for a in applications if a.present),
            **kwargs,
        )


class SessionAttendanceToggleView(_SessionMixin, ServiceActionMixin, View):
    def get_object(self):
        session = super().get_object()
        # A participant of the session's own course: another course's is not there.
        self.application = selectors.session_participant_get(
            session=session, pk=self.kwargs["application_pk"]
        )
        return session

    def post(self, request, pk, application_pk):
        session, application = self.session, self.application
        done, present = self.run_action(
            lambda: services.attendance_toggle(
                actor=request.user, session=session, application=application
            )
        )
        application.present = (
            present
            if done
            else selectors.is_present(session=session, application=application)
        )
        return self.answer(
            done,
            to="support:session_attendance",
            pk=session.pk,
            fragment="support/session_attendance.html#attendance_row",
            context={"session": session, "application": application},
        )


class SessionRosterView(_SessionMixin, View):
    """受付名簿: the sign-in sheet of one session, as PDF."""

    def get(self, request, pk):
        session = self.session
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
        return pdf_download(pdf, f"roster-{session.course_id}-{session.pk}.pdf")
