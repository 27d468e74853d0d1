from django.contrib import admin

from siaga.risk.models import CategoryChange, Indicator, IntelNote, RiskProfile, StationRisk


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(RiskProfile)
class RiskProfileAdmin(admin.ModelAdmin):
    list_display = ["election", "operation", "catalog"]
    inlines = [IndicatorInline]


@admin.register(StationRisk)
class StationRiskAdmin(admin.ModelAdmin):
    list_display = ["station", "computed_category", "override_category", "score"]
    list_filter = ["computed_category", "override_category"]
    raw_id_fields = ["station", "override_by"]


@admin.register(CategoryChange)
class CategoryChangeAdmin(admin.ModelAdmin):
    list_display = ["station", "old", "new", "source", "actor", "at"]
    list_filter = ["source"]
    raw_id_fields = ["station", "actor"]


@admin.register(IntelNote)
class IntelNoteAdmin(admin.ModelAdmin):
    list_display = ["text", "severity", "station", "desa", "unit", "created_at"]
    raw_id_fields = ["station", "desa"]
