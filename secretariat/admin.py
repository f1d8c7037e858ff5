"""The admin shows the governance records for support; changes go through the portal.

The consents of 正会員 to receive the assembly's notices by email are kept here, as the
secretariat records them from the signed forms.
"""

from django.contrib import admin

from .models import Body, EmailNoticeConsent, Meeting


@admin.register(EmailNoticeConsent)
class EmailNoticeConsentAdmin(admin.ModelAdmin):
    list_display = ("organization", "agreed_on", "recorded_by")
    autocomplete_fields = ()
    raw_id_fields = ("organization",)
    readonly_fields = ("recorded_by",)

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "body", "starts_at", "status")
    list_filter = ("body", "status")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
