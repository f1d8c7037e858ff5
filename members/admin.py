"""The registry in the admin: shown, not changed. People, organizations,
affiliations, roles and second factors change on the portal's pages, through the
services that check who may and record each change; accounts and email addresses stay
editable here, and each change made to them is recorded in the portal's audit log,
on the person's history."""

from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wco_sse.core.admin import AuditedAdminMixin, PortalManagedAdmin

from .models import Affiliation, Organization, Person, RoleAssignment, User


def _person_or_account(user):
    """Where an account's changes are filed: its person's history, which the
    secretariat reads, or the account itself when it has no person."""
    return getattr(user, "person", None) or user


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_active", "is_staff", "is_superuser", "last_login"]
    search_fields = ["email"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),
    )
    audit_actions = {
        "add": "account.admin_add",
        "change": "account.admin_change",
        "delete": "account.admin_delete",
        "password": "account.admin_password",
    }
    audit_fields = ("email", "is_active", "is_staff", "is_superuser")

    def audit_target(self, obj):
        return _person_or_account(obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Only a superuser makes someone staff or superuser.
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser"]
        return fields

    def log_change(self, request, obj, message):
        if "_audit_changes" not in obj.__dict__:
            # Django's own password form saves the account without a model form.
            self.audit(request, obj, "password")
            return super(AuditedAdminMixin, self).log_change(request, obj, message)
        return super().log_change(request, obj, message)


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(AuditedAdminMixin, BaseEmailAddressAdmin):
    audit_actions = {
        "add": "email_address.admin_add",
        "change": "email_address.admin_change",
        "delete": "email_address.admin_delete",
        "verify": "email_address.admin_verify",
    }
    audit_fields = ("email", "primary", "verified")

    def audit_target(self, obj):
        return _person_or_account(obj.user)

    @admin.action(description=BaseEmailAddressAdmin.make_verified.short_description)
    def make_verified(self, request, queryset):
        pending = list(queryset.filter(verified=False).select_related("user"))
        super().make_verified(request, queryset)
        verified = EmailAddress.objects.filter(
            pk__in=[address.pk for address in pending], verified=True
        ).values_list("pk", flat=True)
        for address in pending:
            if address.pk in verified:
                self.audit(request, address, "verify", message=address.email)


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(PortalManagedAdmin):
    """A second factor is reset on the person's page (logged, and they are told);
    one set up or removed here would be neither."""

    raw_id_fields = ("user",)
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type", "created_at", "last_used_at")
    exclude = ("data",)

    def portal_url(self, obj=None):
        person = getattr(obj.user, "person", None) if obj is not None else None
        if person is not None:
            return reverse("members:person_detail", args=[person.pk])
        return reverse("members:person_list")


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PortalManagedAdmin, BaseGroupAdmin):
    """The portal's permissions come from roles, not from groups."""

    def portal_url(self, obj=None):
        return reverse("members:role_list")


@admin.register(Organization)
class OrganizationAdmin(PortalManagedAdmin):
    list_display = ["name", "kind", "membership_class", "status"]
    list_filter = ["kind", "membership_class", "status"]
    search_fields = ["name", "name_kana"]

    def portal_url(self, obj=None):
        if obj is not None:
            return reverse("members:organization_detail", args=[obj.pk])
        return reverse("members:organization_list")


@admin.register(Person)
class PersonAdmin(PortalManagedAdmin):
    list_display = ["family_name", "given_name", "email", "account"]
    search_fields = [
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "email",
    ]
    raw_id_fields = ["account"]

    def portal_url(self, obj=None):
        if obj is not None:
            return reverse("members:person_detail", args=[obj.pk])
        return reverse("members:person_list")


@admin.register(Affiliation)
class AffiliationAdmin(PortalManagedAdmin):
    list_display = ["person", "organization", "position", "confirmed", "start", "end"]
    list_filter = ["position", "confirmed"]
    raw_id_fields = ["person", "organization"]

    def portal_url(self, obj=None):
        if obj is not None:
            return reverse("members:organization_detail", args=[obj.organization_id])
        return reverse("members:organization_list")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(PortalManagedAdmin):
    list_display = ["person", "role", "scope", "start", "end"]
    list_filter = ["role", "scope"]
    raw_id_fields = ["person", "created_by"]

    def portal_url(self, obj=None):
        return reverse("members:role_list")
