from django.urls import path

from siaga.siber import views

urlpatterns = [
    path("siber/", views.post_list, name="post_list"),
    path("siber/impor/", views.post_import, name="post_import"),
    path("siber/baru/", views.post_create, name="post_create"),
    path("siber/unggahan/<int:pk>/", views.post_detail, name="post_detail"),
    path("siber/unggahan/<int:pk>/tangkapan/", views.post_screenshot, name="post_screenshot"),
    path("siber/unggahan/<int:pk>/tinjau/", views.post_review_view, name="post_review"),
    path("siber/unggahan/<int:pk>/kasus/", views.case_open_view, name="case_open"),
    path("siber/akun/<int:pk>/", views.account_detail, name="account_detail"),
    path("siber/narasi/", views.narrative_list, name="narrative_list"),
    path("siber/narasi/<int:pk>/", views.narrative_detail, name="narrative_detail"),
    path("siber/peta/narasi.geojson", views.narratives_geojson, name="narratives_geojson"),
    path("siber/kasus/", views.case_list, name="case_list"),
    path("siber/kasus/<int:pk>/", views.case_detail, name="case_detail"),
    path("siber/kasus/<int:pk>/status/", views.case_transition_view, name="case_transition"),
    path("siber/kasus/<int:pk>/surat.docx", views.case_letter_docx, name="case_letter_docx"),
    path("siber/kasus/<int:pk>/surat.pdf", views.case_letter_pdf, name="case_letter_pdf"),
    path("siber/model/", views.model_list, name="model_list"),
    path("siber/model/latih/", views.model_retrain, name="model_retrain"),
]
