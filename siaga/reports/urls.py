from django.urls import path

from siaga.reports import views

urlpatterns = [
    path("laporan/", views.live, name="live"),
    path("laporan/feed.json", views.feed, name="feed"),
    path("laporan/peta.geojson", views.geojson, name="geojson"),
    path("laporan/kirim/", views.officer_form, name="officer_form"),
    path("laporan/siaga/", views.alert_set, name="alert_set"),
    path("laporan/triase-gagal/", views.triage_failed, name="triage_failed"),
    path("laporan/<int:pk>/triase-ulang/", views.triage_retry, name="triage_retry"),
    path("laporan/<int:pk>/", views.detail, name="detail"),
    path("laporan/<int:pk>/foto/<int:photo_pk>/", views.photo, name="photo"),
    path("laporan/<int:pk>/aksi/<slug:action>/", views.action, name="action"),
    path("lapor/", views.public_form, name="public_form"),
    path("lapor/status/", views.public_status, name="public_status"),
]
