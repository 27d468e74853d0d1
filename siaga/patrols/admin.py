from django.contrib import admin

from siaga.patrols.models import CriticalPeriod, PatrolCheckin, PatrolPlan, PatrolTeam, Shift, VulnerableObject


class CriticalPeriodInline(admin.TabularInline):
    model = CriticalPeriod
    extra = 0


class ShiftInline(admin.TabularInline):
    model = Shift
    extra = 0


@admin.register(VulnerableObject)
class VulnerableObjectAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "base_weight", "is_active", "is_demo"]
    list_filter = ["kind", "is_active", "is_demo"]
    search_fields = ["name", "address"]
    raw_id_fields = ["desa"]
    inlines = [CriticalPeriodInline]


@admin.register(PatrolTeam)
class PatrolTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "vehicle", "visits_per_shift", "is_active"]
    filter_horizontal = ["partners", "members"]
    inlines = [ShiftInline]


@admin.register(PatrolPlan)
class PatrolPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "date_from", "date_to", "status"]
    exclude = ["seed"]
    readonly_fields = ["summary", "job"]


@admin.register(PatrolCheckin)
class PatrolCheckinAdmin(admin.ModelAdmin):
    list_display = ["team", "object", "at", "user", "position_source"]
    raw_id_fields = ["stop"]
