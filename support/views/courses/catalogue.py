"""The public catalogue (講座一覧), a course's page and its calendar file."""

from functools import partial

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from wco_sse.core import fragments
from wco_sse.core.views import CachedPageMixin, InReachMixin

from ... import selectors
from ...calendar import course_calendar, ics_response
from ...forms import CatalogueFilterForm
from .card import application_card_context, seats_left

__all__ = ["CourseDetailView", "CourseIcalView", "CourseListView"]


class CourseListView(CachedPageMixin, TemplateView):
    """講座一覧: anyone sees published public courses; members also members-only.

    Kept for its viewer (core.views.CachedPageMixin) until a course, a category or
    a session changes, or one of the courses it shows (its seats: every application
    renews its course's own version); the applications of the other courses, all
    day long, don't touch it."""

    template_name = "support/course_list.html"
    paginate_by = 20

    def _listing(self):
        if not hasattr(self, "_listed"):
            form = CatalogueFilterForm(self.request.GET or None)
            filters = form.cleaned_data if form.is_valid() else {}
            courses = selectors.course_list_visible_to(
                user=self.request.user,
                category=filters.get("category"),
                month=filters.get("month"),
                audience=filters.get("audience", ""),
            )
            self._listed = form, courses
        return self._listed

    LISTED = ("support.course", "support.coursecategory", "support.coursesession")

    def get_page_depends_on(self):
        # Which courses the page shows is itself kept, for this viewer and query,
        # until a course, a category or a session changes.
        def shown():
            _form, courses = self._listing()
            return list(
                Paginator(courses.values_list("pk", flat=True), self.paginate_by)
                .get_page(self.request.GET.get("page"))
                .object_list
            )

        listed = fragments.cached_value(
            "course-list-shown",
            fragments.stamp(
                self.request,
                depends_on=self.LISTED,
                vary=(self.request.get_full_path(),),
            ),
            shown,
        )
        return (*self.LISTED, *(f"support.course:{pk}" for pk in listed))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, courses = self._listing()
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
        """Each course's card, kept until the course, its sessions or its
        applications change; the sessions of the cards to render are read in one
        query. A card shows the course alone, the same to everyone who may see it
        (which courses those are, the page decides): one kept copy per language
        serves them all."""
        for course in courses:
            course.seats_left = seats_left(course)
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
            per_viewer=False,
        )


class _VisibleCourseMixin(InReachMixin):
    """A course the viewer may see (a visitor included), else 404."""

    def get_object(self):
        return selectors.course_get_for(user=self.request.user, pk=self.kwargs["pk"])


class CourseDetailView(CachedPageMixin, _VisibleCourseMixin, TemplateView):
    template_name = "support/course_detail.html"
    members_only = False

    def get_object(self):
        # Its seats and sessions are read only if the page is rendered (not served
        # kept for the viewer): get_context_data.
        return selectors.course_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            with_sessions=False,
            with_counts=False,
        )

    def get_page_depends_on(self):
        # The course, its sessions and its applications renew the course's own
        # version (Course/CourseSession/Application.fragment_versions); the
        # applications of other courses, all day long, do not.
        return (f"support.course:{self.object.pk}", "support.coursecategory", "members")

    def resolve_object(self):
        try:
            super().resolve_object()
        except Http404:
            # A published members-only course is announced to everyone: a visitor or
            # a citizen learns that it is for members and how to sign in, rather than
            # that it does not exist. Its details stay with the members.
            self.object = selectors.course_announced_to_anyone(pk=self.kwargs["pk"])
            self.members_only = True

    def get_template_names(self):
        if self.members_only:
            return ["support/course_members_only.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        course = self.object
        if self.members_only:
            return super().get_context_data(course=course, **kwargs)
        course.confirmed_count = selectors.course_confirmed_count(course)
        return super().get_context_data(
            sessions=list(course.sessions.all()),
            **application_card_context(self.request, course),
            **kwargs,
        )


class CourseIcalView(_VisibleCourseMixin, View):
    def get(self, request, pk):
        course = self.object
        url = request.build_absolute_uri(
            reverse("support:course_detail", kwargs={"pk": course.pk})
        )
        return ics_response(course_calendar(course, url=url), f"course-{course.pk}.ics")
