from django.urls import path

from siaga.regions import views

urlpatterns = [path("wilayah/<str:code>/", views.detail, name="detail")]
