from django.contrib import admin

from siaga.personnel.models import Personnel, SupportStrength, Unavailability


class UnavailabilityInline(admin.TabularInline):
    model = Unavailability
    extra = 0


@admin.register(Personnel)
class PersonnelAdmin(admin.ModelAdmin):
    list_display = ("nrp", "name", "rank", "function", "unit", "is_active")
    list_filter = ("rank", "function", "is_active")
    search_fields = ("nrp", "name")
    list_select_related = ("unit",)
    inlines = [UnavailabilityInline]


@admin.register(SupportStrength)
class SupportStrengthAdmin(admin.ModelAdmin):
    list_display = ("agency", "unit", "desa", "count")
    list_filter = ("agency",)
    list_select_related = ("unit", "desa")
