from django.urls import path

from siaga.coordination import views

urlpatterns = [
    path("koordinasi/rapat/", views.meetings, name="meetings"),
    path("koordinasi/rapat/baru/", views.meeting_create, name="meeting_create"),
    path("koordinasi/rapat/<int:pk>/", views.meeting_detail, name="meeting"),
    path("koordinasi/rapat/<int:pk>/qr.svg", views.meeting_qr, name="meeting_qr"),
    path("koordinasi/rapat/<int:pk>/hadir/<str:token>/", views.meeting_checkin, name="meeting_checkin"),
    path("koordinasi/rapat/<int:pk>/konfirmasi/", views.meeting_confirm, name="meeting_confirm"),
    path("koordinasi/rapat/<int:pk>/notulen/", views.meeting_minutes, name="meeting_minutes"),
    path("koordinasi/rapat/<int:pk>/<slug:doc>.<str:fmt>", views.meeting_document, name="meeting_document"),
    path("koordinasi/undangan/<int:pk>/tandai/", views.invitee_mark, name="invitee_mark"),
    path("koordinasi/arahan/", views.directives, name="directives"),
    path("koordinasi/arahan/baru/", views.directive_create, name="directive_create"),
    path("koordinasi/arahan/matriks/", views.directive_matrix, name="matrix"),
    path("koordinasi/arahan/<int:pk>/", views.directive_detail, name="directive"),
    path("koordinasi/arahan/penerima/<int:pk>/terima/", views.target_acknowledge, name="target_acknowledge"),
    path("koordinasi/arahan/penerima/<int:pk>/lapor/", views.target_report, name="target_report"),
    path("koordinasi/arahan/penerima/<int:pk>/perpanjang/", views.target_extend, name="target_extend"),
    path("koordinasi/mitra/", views.directory, name="directory"),
    path("koordinasi/pilkades/", views.rounds, name="rounds"),
    path("koordinasi/pilkades/impor/", views.pilkades_import, name="pilkades_import"),
    path("koordinasi/pilkades/<int:pk>/", views.round_board, name="round"),
    path("koordinasi/pilkades/desa/<int:pk>/status/", views.desa_status, name="desa_status"),
]
