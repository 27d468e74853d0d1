from django.contrib import admin

from siaga.reports.models import AlertLevel, Category, Incident, Report, ReportEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "group", "default_severity", "order", "is_active")
    list_editable = ("order", "is_active")


class EventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    readonly_fields = ("kind", "actor", "at", "from_status", "to_status", "unit", "note")
    can_delete = False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("id", "source", "category", "severity", "status", "unit", "created_at")
    list_filter = ("status", "source", "severity", "category")
    search_fields = ("text", "tracking_code")
    raw_id_fields = ("reporter", "unit", "desa", "station", "incident")
    readonly_fields = ("client_id", "tracking_code", "triage")
    inlines = [EventInline]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "report_count", "last_at")


@admin.register(AlertLevel)
class AlertLevelAdmin(admin.ModelAdmin):
    list_display = ("unit", "level", "set_by", "created_at")
