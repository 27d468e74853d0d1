from django.urls import path

from siaga.deployment import views

urlpatterns = [
    path("plotting/", views.plan_list, name="list"),
    path("plotting/pos-aju/", views.reserve_sites, name="reserve_sites"),
    path("plotting/<int:pk>/", views.plan_detail, name="detail"),
    path("plotting/<int:pk>/parameter/", views.plan_params, name="params"),
    path("plotting/<int:pk>/hitung/", views.plan_compute, name="compute"),
    path("plotting/<int:pk>/setujui/", views.plan_approve, name="approve"),
    path("plotting/<int:pk>/hitung-ulang/", views.plan_replan, name="replan"),
    path("plotting/<int:pk>/pos.geojson", views.posts_geojson, name="posts_geojson"),
    path("plotting/<int:pk>/cadangan.geojson", views.reserves_geojson, name="reserves_geojson"),
    path("plotting/<int:pk>/roster/", views.roster, name="roster"),
    path("plotting/<int:pk>/rencana.xlsx", views.plan_xlsx, name="xlsx"),
    path("plotting/<int:pk>/lampiran-sprin.pdf", views.plan_pdf, name="pdf"),
    path("plotting/<int:pk>/kartu/<int:personnel_pk>/", views.card, name="card"),
    path("tugas-saya/", views.my_card, name="my_card"),
    path("pola/<int:operation_pk>/", views.pattern_edit, name="patterns"),
]
