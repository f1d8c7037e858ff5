"""The admin shows the governance records; changes go through the portal.

The consents of 正会員 to receive the assembly's notices by email are recorded on the
organization's page (the secretariat, from the signed forms, or the W.Co's
representative), where each change is logged.
"""

from django.contrib import admin
from django.urls import reverse

from wco_sse.core.admin import PortalManagedAdmin

from .models import Body, EmailNoticeConsent, Meeting


@admin.register(EmailNoticeConsent)
class EmailNoticeConsentAdmin(PortalManagedAdmin):
    list_display = ("organization", "agreed_on", "recorded_by")
    raw_id_fields = ("organization",)

    def portal_url(self, obj=None):
        if obj is not None:
            return reverse(
                "secretariat:email_notice_consent", args=[obj.organization_id]
            )
        return reverse("members:organization_list")


@admin.register(Body)
class BodyAdmin(PortalManagedAdmin):
    list_display = ("name", "kind", "is_active")

    def portal_url(self, obj=None):
        if obj is not None:
            return reverse("secretariat:body_detail", args=[obj.pk])
        return reverse("secretariat:body_list")


@admin.register(Meeting)
class MeetingAdmin(PortalManagedAdmin):
    list_display = ("title", "body", "starts_at", "status")
    list_filter = ("body", "status")

    def portal_url(self, obj=None):
        if obj is not None:
            return reverse("secretariat:meeting_detail", args=[obj.pk])
        return reverse("secretariat:index")
