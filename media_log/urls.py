from django.urls import path

from . import views

app_name = "media_log"

urlpatterns = [
    path("", views.evidence_list, name="list"),
    path("new/", views.evidence_create, name="create"),
    path("<int:pk>/approval/", views.approval_edit, name="approval"),
    path("<int:pk>/file/", views.private_file, name="private_file"),
    path("photos/<slug:slug>/", views.photo_grid, name="photos"),
    path("photos/<slug:slug>/upload/", views.photos_upload, name="photos_upload"),
    path("feedback/", views.feedback_list, name="feedback"),
]
