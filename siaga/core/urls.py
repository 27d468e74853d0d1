from django.urls import path, re_path

from siaga.core import tiles, views

urlpatterns = [
    re_path(
        r"^peta/ubin/(?P<z>[0-9]{1,2})/(?P<x>[0-9]{1,8})/(?P<y>[0-9]{1,8})\.(?P<ext>png|jpg|jpeg|webp|pbf)$",
        tiles.tile,
        name="tile",
    ),
    path("audit/", views.audit, name="audit"),
    path("pekerjaan/<int:job_id>/", views.job_status, name="job_status"),
]
