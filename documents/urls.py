from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("t/<str:code>/certificate.pdf", views.certificate_download, name="certificate"),
    path("verify/<str:code>", views.verify, name="verify"),
    path("manage/registration/<slug:slug>/jobs/badges/", views.start_badges, name="start_badges"),
    path("manage/registration/<slug:slug>/jobs/certificates/", views.start_certificates, name="start_certificates"),
    path(
        "manage/registration/<slug:slug>/jobs/participants.<str:file_format>",
        views.start_participant_list,
        name="start_participant_list",
    ),
]
