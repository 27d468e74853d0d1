from django.contrib import admin

from siaga.community.models import Aspiration, Beat, Campaign, Directive, Tokoh, Visit


@admin.register(Beat)
class BeatAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "unit", "officer", "babinsa_name")
    list_filter = ("kind",)


@admin.register(Tokoh)
class TokohAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "desa", "influence")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "desa", "officer", "position_check")
    list_filter = ("kind", "position_check")


admin.site.register([Aspiration, Campaign, Directive])
