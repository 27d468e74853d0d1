from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from siaga.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Siaga", {"fields": ("role", "unit", "nrp", "phone", "is_demo")}))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are issued (value shown once), revoked and audited on the Token API page."""

    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at")
    exclude = ("digest",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": "Token API (terbitkan dan cabut di /akun/token/)"}
        return super().changelist_view(request, extra_context)
