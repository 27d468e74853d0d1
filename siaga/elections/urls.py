from django.urls import path

from siaga.elections import views, views_edit

urlpatterns = [
    path("pemilihan/", views.election_list, name="list"),
    path("pemilihan/baru/", views_edit.election_edit, name="create"),
    path("pemilihan/<int:pk>/", views.election_detail, name="detail"),
    path("pemilihan/<int:pk>/ubah/", views_edit.election_edit, name="edit"),
    path("pemilihan/<int:election_pk>/calon/baru/", views_edit.candidate_edit, name="candidate_create"),
    path("pemilihan/<int:election_pk>/calon/<int:pk>/ubah/", views_edit.candidate_edit, name="candidate_edit"),
    path("operasi/baru/", views_edit.operation_edit, name="operation_create"),
    path("operasi/<int:pk>/ubah/", views_edit.operation_edit, name="operation_edit"),
    path("kalender/agenda/<int:pk>/ubah/", views_edit.event_edit, name="event_edit"),
    path("pemilihan/<int:pk>/templat/", views.election_apply_template, name="apply_template"),
    path("pemilihan/pilkades/tahapan/", views.pilkades_stages, name="pilkades_stages"),
    path("operasi/<int:pk>/", views.operation_detail, name="operation_detail"),
    path("kalender/", views.calendar, name="calendar"),
]
