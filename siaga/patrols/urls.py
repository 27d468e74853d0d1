from django.urls import path

from siaga.patrols.views import field, maps, objects, plans, teams

urlpatterns = [
    path("patroli/objek/", objects.object_list, name="object_list"),
    path("patroli/objek/baru/", objects.object_edit, name="object_create"),
    path("patroli/objek/impor/", objects.object_import, name="object_import"),
    path("patroli/objek/<int:pk>/", objects.object_detail, name="object_detail"),
    path("patroli/objek/<int:pk>/ubah/", objects.object_edit, name="object_edit"),
    path("patroli/objek/<int:pk>/hapus/", objects.object_delete, name="object_delete"),
    path("patroli/objek/<int:pk>/periode-kritis/", objects.critical_period_add, name="critical_period_add"),
    path("patroli/tim/", teams.team_list, name="team_list"),
    path("patroli/tim/baru/", teams.team_edit, name="team_create"),
    path("patroli/tim/<int:pk>/", teams.team_detail, name="team_detail"),
    path("patroli/tim/<int:pk>/ubah/", teams.team_edit, name="team_edit"),
    path("patroli/tim/<int:pk>/hapus/", teams.team_delete, name="team_delete"),
    path("patroli/tim/<int:pk>/shift/", teams.shift_add, name="shift_add"),
    path("patroli/rencana/", plans.plan_list, name="plan_list"),
    path("patroli/rencana/baru/", plans.plan_create, name="plan_create"),
    path("patroli/rencana/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("patroli/rencana/<int:pk>/peta/<int:period_pk>/<str:layer>.geojson", plans.plan_geojson, name="plan_geojson"),
    path("patroli/saya/", field.my_patrol, name="my_patrol"),
    path("patroli/titik/<int:pk>/checkin/", field.stop_checkin, name="stop_checkin"),
    path("patroli/checkin/<int:pk>/foto/", field.checkin_photo, name="checkin_photo"),
    path("patroli/cakupan/", maps.coverage_view, name="coverage"),
    path("patroli/peta/", maps.patrol_map, name="map"),
    path("patroli/peta/objek.geojson", maps.objects_geojson, name="objects_geojson"),
    path("patroli/peta/rute.geojson", maps.routes_geojson, name="routes_geojson"),
    path("patroli/peta/checkin.geojson", maps.checkins_geojson, name="checkins_geojson"),
]
