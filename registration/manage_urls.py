from django.urls import path

from . import manage_views

app_name = "registration_manage"

urlpatterns = [
    path("<slug:slug>/", manage_views.attendee_list, name="attendees"),
    path("<slug:slug>/add/", manage_views.attendee_add, name="add"),
    path("<slug:slug>/import/", manage_views.attendee_import, name="import"),
    path("<slug:slug>/export.csv", manage_views.attendee_export, {"file_format": "csv"}, name="export_csv"),
    path("<slug:slug>/export.xlsx", manage_views.attendee_export, {"file_format": "xlsx"}, name="export_xlsx"),
    path("<slug:slug>/<int:pk>/edit/", manage_views.attendee_edit, name="edit"),
    path("<slug:slug>/<int:pk>/check-in/", manage_views.attendee_check_in, name="check_in"),
    path("<slug:slug>/<int:pk>/undo-check-in/", manage_views.attendee_undo_check_in, name="undo_check_in"),
    path("<slug:slug>/<int:pk>/cancel/", manage_views.attendee_cancel, name="cancel"),
]
