from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Affiliation, Organization, Person, RoleAssignment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "membership_class", "status"]
    list_filter = ["kind", "membership_class", "status"]
    search_fields = ["name", "name_kana"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "email", "account"]
    search_fields = [
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "email",
    ]
    raw_id_fields = ["account"]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["person", "organization", "position", "confirmed", "start", "end"]
    list_filter = ["position", "confirmed"]
    raw_id_fields = ["person", "organization"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "scope", "start", "end"]
    list_filter = ["role", "scope"]
    raw_id_fields = ["person", "created_by"]
