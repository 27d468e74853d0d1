from django.urls import path

from siaga.community import views

urlpatterns = [
    path("binmas/", views.dashboard, name="dashboard"),
    path("binmas/sambang/", views.visit_form, name="visit_form"),
    path("binmas/kunjungan/", views.visit_list, name="visit_list"),
    path("binmas/kunjungan/laporan.csv", views.daily_report_csv, name="daily_report_csv"),
    path("binmas/kunjungan/laporan.docx", views.daily_report_docx, name="daily_report_docx"),
    path("binmas/kunjungan/<int:pk>/foto/", views.visit_photo, name="visit_photo"),
    path("binmas/tokoh/", views.tokoh_list, name="tokoh_list"),
    path("binmas/tokoh/impor/", views.tokoh_import, name="tokoh_import"),
    path("binmas/tokoh/ekspor.csv", views.tokoh_export, name="tokoh_export"),
    path("binmas/tokoh/<int:pk>/", views.tokoh_detail, name="tokoh_detail"),
    path("binmas/tokoh/baru/", views.tokoh_edit, name="tokoh_create"),
    path("binmas/tokoh/<int:pk>/ubah/", views.tokoh_edit, name="tokoh_edit"),
    path("binmas/wilayah/", views.beat_list, name="beat_list"),
    path("binmas/wilayah/baru/", views.beat_edit, name="beat_create"),
    path("binmas/wilayah/<int:pk>/ubah/", views.beat_edit, name="beat_edit"),
    path("binmas/rw/impor/", views.rw_import, name="rw_import"),
    path("binmas/kampanye/baru/", views.campaign_create, name="campaign_create"),
    path("binmas/kampanye/<int:pk>/jangkauan/", views.campaign_reach, name="campaign_reach"),
    path("binmas/arahan/baru/", views.directive_create, name="directive_create"),
    path("binmas/aspirasi/", views.aspiration_list, name="aspiration_list"),
    path("binmas/aspirasi/<int:pk>/", views.aspiration_detail, name="aspiration_detail"),
    path("binmas/deteksi-dini/", views.early_warning_list, name="early_warnings"),
    path("binmas/peta/cakupan.geojson", views.coverage_geojson, name="coverage_geojson"),
    path("binmas/rencana/baru/", views.plan_create, name="plan_create"),
    path("binmas/rencana/<int:pk>/", views.plan_detail, name="plan_detail"),
]
