"""What waits for the secretariat and the school committee on the home page:
consultations without an advisor, and courses near their capacity."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wco_sse.core.dashboard import Waiting, register_waiting

from .models import Consultation
from .selectors import courses_near_capacity


def _unassigned(user):
    return Consultation.objects.filter(status=Consultation.Status.NEW).count()


def _near_capacity(user):
    return courses_near_capacity().count()


register_waiting(
    Waiting(
        "support-unassigned-consultations",
        _("Consultations without an advisor"),
        _unassigned,
        lambda: reverse("support:consultation_queue") + "?status=new",
        permission="support.view_consultation_queue",
        depends_on=("support.consultation",),
        order=30,
    )
)
register_waiting(
    Waiting(
        "support-courses-near-capacity",
        _("Courses near their capacity"),
        _near_capacity,
        lambda: reverse("support:course_manage_list") + "?near=1",
        permission="support.manage_courses",
        depends_on=("support.course", "support.application"),
        order=40,
    )
)
