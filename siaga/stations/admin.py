from django.contrib import admin

from siaga.stations.models import Station


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "election", "unit", "category", "special_type", "voters_male", "voters_female"]
    list_filter = ["election", "category", "special_type"]
    search_fields = ["desa__name", "address"]
    raw_id_fields = ["desa", "unit", "election"]
    list_select_related = ["desa", "unit", "election"]
