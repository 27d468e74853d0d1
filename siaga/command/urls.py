from django.urls import path

from siaga.command import views

urlpatterns = [
    path("komando/", views.rollup, name="rollup"),
    path("komando/peta.geojson", views.rollup_geojson, name="rollup_geojson"),
    path("komando/perbarui/", views.refresh, name="refresh"),
    path("komando/polres/<int:pk>/", views.polres, name="polres"),
    path("komando/bko/", views.bko_list, name="bko"),
    path("komando/bko/usul/", views.bko_propose, name="bko_propose"),
    path("komando/bko/<int:pk>/setujui/", views.bko_approve, name="bko_approve"),
    path("komando/bko/<int:pk>/tolak/", views.bko_reject, name="bko_reject"),
]
