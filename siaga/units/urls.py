from django.urls import path

from siaga.units import views

urlpatterns = [
    path("satuan/", views.tree, name="tree"),
    path("peta/satuan.geojson", views.geojson, name="geojson"),
]
