from django.urls import path

from siaga.regions import views

urlpatterns = [
    path("wilayah/batas-resmi/", views.boundaries_upload, name="boundaries_upload"),
    path("wilayah/<str:code>/", views.detail, name="detail"),
    path("peta/wilayah.geojson", views.jurisdiction_geojson, name="jurisdiction_geojson"),
]
