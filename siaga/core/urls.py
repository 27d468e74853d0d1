from django.urls import path

from siaga.core import tiles, views

urlpatterns = [
    path("peta/ubin/<path:tile>", tiles.tile, name="tile"),  # <z>/<x>/<y>.<ext>, parsed by the view
    path("audit/", views.audit, name="audit"),
    path("pekerjaan/<int:job_id>/", views.job_status, name="job_status"),
]
