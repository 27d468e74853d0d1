from django.urls import path

from siaga.elections import views

urlpatterns = [
    path("pemilihan/", views.election_list, name="list"),
    path("pemilihan/<int:pk>/", views.election_detail, name="detail"),
    path("pemilihan/<int:pk>/templat/", views.election_apply_template, name="apply_template"),
    path("pemilihan/pilkades/tahapan/", views.pilkades_stages, name="pilkades_stages"),
    path("operasi/<int:pk>/", views.operation_detail, name="operation_detail"),
    path("kalender/", views.calendar, name="calendar"),
]
