from django.urls import path

from . import views

app_name = "registration"

urlpatterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("t/<str:code>", views.ticket, name="ticket"),
]
