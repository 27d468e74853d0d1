from django.contrib import admin

from siaga.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "coord_source", "boundary_source")
    list_filter = ("level", "coord_source", "boundary_source")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
