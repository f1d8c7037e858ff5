import datetime

from django.contrib import admin
from django.db import models

from .audit import audit_record
from .models import AuditEntry, OutboundEmail, StoredFile


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PortalManagedAdmin(ReadOnlyAdmin):
    """Shown in the admin, changed only on the portal's pages.

    Roles, people, affiliations and what else permissions rest on change through the
    portal's services, which check who may make the change and record it in the audit
    log; the admin would do neither. Each page here says where the change is made:
    ``portal_url(obj)`` (``obj`` is None on the list).
    """

    change_list_template = "admin/portal_managed_change_list.html"
    change_form_template = "admin/portal_managed_change_form.html"

    def portal_url(self, obj=None):
        raise NotImplementedError

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "portal_url": self.portal_url()}
        return super().changelist_view(request, extra_context)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        context["portal_url"] = self.portal_url(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


def _plain(value):
    """A value as an audit entry keeps it (JSON, readable)."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class AuditedAdminMixin:
    """What stays editable in the admin is in the portal's audit log too.

    Django's admin log is read by nobody who reads the portal's histories: each
    addition, change and deletion made here also writes an audit entry, on the record
    whose history the secretariat reads (``audit_target``), with the old and new
    values of ``audit_fields``. ``audit_actions`` names the codes: "add", "change",
    "delete" (and any the admin's own actions use).
    """

    audit_actions = {}
    audit_fields = ()

    def audit_target(self, obj):
        return obj

    def audit(self, request, obj, action, *, changes=None, message=""):
        data = {"admin": True, "object": obj._meta.label_lower, "object_id": obj.pk}
        if changes:
            # The fields are the object's, whichever record the entry is filed on.
            data.update(changes=changes, fields_of=obj._meta.label_lower)
        audit_record(
            actor=request.user,
            action=self.audit_actions[action],
            target=self.audit_target(obj),
            message=message,
            data=data,
        )

    def save_model(self, request, obj, form, change):
        before = {name: form.initial.get(name) for name in self.audit_fields}
        super().save_model(request, obj, form, change)
        obj._audit_changes = {
            name: [_plain(before[name]) if change else None, _plain(getattr(obj, name))]
            for name in self.audit_fields
            if name in form.changed_data
        }

    def log_addition(self, request, obj, message):
        self.audit(
            request, obj, "add", changes=obj.__dict__.pop("_audit_changes", None)
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self.audit(
            request, obj, "change", changes=obj.__dict__.pop("_audit_changes", None)
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        # Called before the deletion: the target is still there to be named.
        for obj in queryset:
            self.audit(request, obj, "delete", message=str(obj))
        return super().log_deletions(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "target_label"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "message"]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["to", "subject"]
    exclude = ["body_html"]


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "kind", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file"]
