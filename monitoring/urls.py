from django.urls import path

from . import entry_views, people_views, report_views, views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("events/", views.event_gaps, name="events"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
    path("indicators/<int:pk>/people/", people_views.people, name="people"),
    path("indicators/<int:pk>/values/", entry_views.add_value, name="add_value"),
    path("indicators/<int:pk>/evidence/", entry_views.file_evidence, name="file_evidence"),
    path("indicators/<int:pk>/evidence/<int:item>/unfile/", entry_views.unfile_evidence, name="unfile_evidence"),
    path("indicators/<int:pk>/acts/", entry_views.file_act, name="file_act"),
    path("indicators/<int:pk>/acts/<int:act>/unfile/", entry_views.unfile_act, name="unfile_act"),
    path("grant-items/<int:pk>/item-types/", entry_views.link_item_types, name="item_types"),
    path("reports/", report_views.report_list, name="reports"),
    path("report/", report_views.report, name="report"),
    path("reports/<int:pk>/", report_views.report_job, name="report_job"),
    path("reports/<int:pk>/download", report_views.report_download, name="report_download"),
]
