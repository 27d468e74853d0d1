from django.urls import path

from siaga.risk.views import election, station

urlpatterns = [
    path("kerawanan/", election.index, name="index"),
    path("kerawanan/pemilihan/<int:election_id>/", election.summary, name="summary"),
    path("kerawanan/pemilihan/<int:election_id>/indikator/", election.indicators, name="indicators"),
    path("kerawanan/pemilihan/<int:election_id>/aturan/", election.rule, name="rule"),
    path("kerawanan/pemilihan/<int:election_id>/hitung-ulang/", election.recompute, name="recompute"),
    path("kerawanan/pemilihan/<int:election_id>/impor/", election.checklist_import, name="import"),
    path("kerawanan/pemilihan/<int:election_id>/desa/<str:desa>/", election.desa_grid, name="desa_grid"),
    path(
        "kerawanan/pemilihan/<int:election_id>/desa/<str:desa>/kategori/", election.desa_category, name="desa_category"
    ),
    path("kerawanan/tps/<int:pk>/", station.station_page, name="station"),
    path("kerawanan/tps/<int:pk>/isi/", station.field_form, name="field_form"),
    path("kerawanan/tps/<int:pk>/override/", station.station_override, name="override"),
    path("kerawanan/tps/<int:pk>/catatan/", station.station_note, name="note"),
]
