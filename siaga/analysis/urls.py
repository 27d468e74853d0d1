from django.urls import path

from siaga.analysis import proposal_views, views

urlpatterns = [
    path("anev/", views.anev, name="anev"),
    path("anev/buat/", views.anev_create, name="anev_create"),
    path("anev/dokumen/<int:pk>/", views.document, name="document"),
    path("anev/dokumen/<int:pk>/<str:fmt>/", views.document_file, name="document_file"),
    path("anev/hotspot.geojson", views.hotspots, name="hotspots"),
    path("anev/perkiraan.geojson", proposal_views.forecast_geojson, name="forecast_geojson"),
    path("anev/usulan-objek/", proposal_views.proposal_list, name="proposals"),
    path("anev/usulan-objek/terima/", proposal_views.proposal_accept, name="proposal_accept"),
    path("anev/usulan-objek/<str:key>/perkara/", proposal_views.proposal_cases, name="proposal_cases"),
    path("anev/bagian/", views.anev_sections, name="sections"),
    path("anev/templat/", views.template_page, name="template"),
    path("anev/templat/bawaan.docx", views.template_download, name="template_default"),
    path("anev/templat/<int:pk>/unduh/", views.template_download, name="template_download"),
    path("anev/penduduk/impor/", views.population_import, name="population_import"),
    path("anev/perkara/", views.cases, name="cases"),
    path("anev/perkara/baru/", views.case_create, name="case_create"),
    path("anev/perkara/impor/", views.case_import, name="case_import"),
    path("anev/perkara/<int:pk>/", views.case_detail, name="case"),
    path("anev/perkara/<int:pk>/status/", views.case_status, name="case_status"),
]
