from django.contrib import admin

from siaga.command.models import BkoProposal, PolresFigures


@admin.register(PolresFigures)
class PolresFiguresAdmin(admin.ModelAdmin):
    list_display = ("name", "plan_status", "missing", "bko_needed", "bko_offered", "open_total", "refreshed_at")
    search_fields = ("name",)


@admin.register(BkoProposal)
class BkoProposalAdmin(admin.ModelAdmin):
    list_display = ("giver", "receiver", "personnel", "distance_km", "status", "decided_at")
    list_filter = ("status",)
