from django.urls import path

from siaga.personnel import views

urlpatterns = [
    path("personel/", views.personnel_list, name="list"),
    path("personel/ekspor.<str:fmt>", views.personnel_export, name="export"),
    path("personel/impor/", views.personnel_import, name="import"),
    path("personel/kekuatan/", views.strength, name="strength"),
    path("personel/<int:pk>/", views.personnel_detail, name="detail"),
    path("personel/<int:pk>/ubah/", views.personnel_edit, name="edit"),
    path("personel/tidak-tersedia/<int:pk>/hapus/", views.unavailability_delete, name="unavailability_delete"),
]
