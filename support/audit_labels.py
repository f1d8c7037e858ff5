"""The support section's audit codes in words, for the histories people read."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "course.create": _("created the course"),
    "course.update": _("changed the course"),
    "course.status": _("changed the course's state"),
    "course.email": _("emailed the participants"),
    "course_category.create": _("added a course category"),
    "course_application.create": _("applied for the course"),
    "course_application.cancel": _("cancelled the application"),
    "course_application.promote": _("promoted the application from the waitlist"),
    "course_application.promote_out_of_order": _(
        "promoted the application out of order"
    ),
    "course_application.fee_paid": _("recorded the fee"),
    "consultation.request": _("requested a consultation"),
    "consultation.intake": _("recorded a consultation request"),
    "consultation.assign": _("assigned an advisor"),
    "consultation.reassign": _("changed the advisor"),
    "consultation.record": _("wrote a case record"),
    "consultation.refer": _("recorded a referral to another body"),
    "consultation.close": _("closed the case"),
    "appointment.book": _("booked an appointment"),
    "appointment.cancel": _("cancelled an appointment"),
    "appointment.calendar_link_renew": _("renewed an appointment's calendar link"),
    "slot.publish": _("published an appointment slot"),
    "slot.withdraw": _("withdrew an appointment slot"),
}
