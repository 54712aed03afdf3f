from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("events/", views.event_gaps, name="events"),
    path("indicators/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("report/", views.report, name="report"),
]
