from django.urls import path

from siaga.hq import views

urlpatterns = [path("", views.dashboard, name="dashboard")]
