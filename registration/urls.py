from django.urls import path

from . import door_views, views

app_name = "registration"

urlpatterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/poster.pdf", views.poster, name="poster"),
    path("events/<slug:slug>/checkin/", views.checkin_page, name="checkin"),
    path("door-sw.js", door_views.service_worker, name="door_sw"),
    path("t/<str:code>", views.ticket, name="ticket"),
    path("t/<str:code>/qr.png", views.ticket_qr, name="ticket_qr"),
    path("t/<str:code>/ticket.pdf", views.ticket_pdf, name="ticket_pdf"),
    path("t/<str:code>/cancel", views.cancel, name="cancel"),
]
