"""A 社員's consent to the general assembly's notices by email."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import selectors, services
from ..forms import EmailNoticeConsentForm
from ..models import EmailNoticeConsent
from .base import ActionView


class EmailNoticeConsentView(ActionView):
    permission = "secretariat.record_email_consent"
    form_class = EmailNoticeConsentForm
    page_title = _("General assembly notices by email")
    intro = _(
        "The convocation of the general assembly goes by email only to members who "
        "have agreed to it, to the organization's email address; the others receive "
        "it by post."
    )

    def get_object(self):
        return selectors.assembly_member_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=(self.permission,)
        )

    def get_initial(self):
        consent = EmailNoticeConsent.objects.filter(organization=self.object).first()
        return {
            "agreed": consent is not None,
            "agreed_on": consent.agreed_on if consent else None,
        }

    def perform(self, form):
        return services.email_notice_consent_set(
            actor=self.request.user, organization=self.object, **form.cleaned_data
        )

    def success_message(self, result):
        if result is None:
            return _("Notices of the general assembly will go to %(name)s by post.") % {
                "name": self.object.name
            }
        return _("Notices of the general assembly will go to %(email)s by email.") % {
            "email": self.object.email
        }

    def get_success_url(self):
        return reverse("members:organization_detail", args=[self.object.pk])
