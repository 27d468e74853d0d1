from django.contrib import admin

from siaga.elections.models import CalendarEvent, Candidate, Election, Operation, Stage


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "unit", "voting_day", "is_demo"]
    list_filter = ["type", "is_demo"]
    search_fields = ["name"]
    filter_horizontal = ["regions", "shared_with"]
    inlines = [StageInline, CandidateInline]


@admin.register(Operation)
class OperationAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "start", "end", "is_demo"]
    filter_horizontal = ["elections", "units"]


@admin.register(CalendarEvent)
class CalendarEventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "unit", "start", "end"]
    list_filter = ["kind"]
