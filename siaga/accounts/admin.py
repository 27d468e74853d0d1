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
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at")
    readonly_fields = ("digest", "prefix")
