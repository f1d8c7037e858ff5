"""The course page's application card: what the user may do about the course, shown
on the course page and answered in place after an htmx apply or cancel."""

from django.shortcuts import render

from members.roles import roles_of
from members.selectors import person_for_user

from ... import selectors
from ...forms import ApplyForm
from ...models import Application


def seats_left(course):
    return max(course.capacity - course.confirmed_count, 0)


def can_cancel(user, application, course):
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


def application_card_context(
    request, course, *, apply_form=None, own=None, person=None
):
    """What the course page's application card shows to ``request.user``; ``own`` is
    the user's own application just made, ``person`` the user's entry when the caller
    knows they have no live application (they just cancelled it)."""
    user = request.user
    course.seats_left = seats_left(course)
    if own is not None:
        person, application = own.person, own
    elif person is not None:
        application = None
    else:
        person = person_for_user(user)
        application = selectors.live_application_of(course=course, person=person)
    return {
        "course": course,
        "application": application,
        "can_cancel": application is not None and can_cancel(user, application, course),
        "person": person,
        "is_open": course.application_open_at(),
        "is_representative": roles_of(user).is_representative,
        "apply_form": apply_form or ApplyForm(auto_id="card_%s"),
    }


def render_application_card(
    request, course, *, apply_form=None, own=None, person=None, confirmed_count=None
):
    """The course page's application card after an htmx apply or cancel, with the
    seats left and the messages out of band. ``course`` is the one the view acted on
    (the user may see it); its seats are counted again, the action changed them,
    unless the service counted them under the course lock (``confirmed_count``)."""
    course.confirmed_count = (
        selectors.course_confirmed_count(course)
        if confirmed_count is None
        else confirmed_count
    )
    return render(
        request,
        "support/course_detail.html#application_card",
        {
            "oob": True,
            **application_card_context(
                request, course, apply_form=apply_form, own=own, person=person
            ),
        },
    )
