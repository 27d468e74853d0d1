from django.urls import path

from siaga.stations import views

urlpatterns = [
    path("pemilihan/<int:election_pk>/tps/", views.station_list, name="list"),
    path("pemilihan/<int:election_pk>/tps/peta/", views.station_map, name="map"),
    path("pemilihan/<int:election_pk>/tps/peta.geojson", views.station_geojson, name="geojson"),
    path("pemilihan/<int:election_pk>/tps/rekap/", views.station_summary, name="summary"),
    path("pemilihan/<int:election_pk>/tps/impor/", views.station_import, name="import"),
    path("pemilihan/<int:election_pk>/tps/ekspor.<str:fmt>", views.station_export, name="export"),
    path("tps/peta.geojson", views.latest_geojson, name="latest_geojson"),
    path("tps/<int:pk>/", views.station_detail, name="detail"),
    path("tps/<int:pk>/peta.geojson", views.station_point_geojson, name="station_geojson"),
]
