from django.urls import path

from siaga.core import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("peta/wilayah.geojson", views.jurisdiction_geojson, name="jurisdiction_geojson"),
    path("peta/satuan.geojson", views.units_geojson, name="units_geojson"),
    path("audit/", views.audit, name="audit"),
    path("pekerjaan/<int:job_id>/", views.job_status, name="job_status"),
]
