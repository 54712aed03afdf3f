from django.urls import path

from . import manage_views, views

app_name = "manage"

urlpatterns = [
    path("", manage_views.dashboard, name="dashboard"),
    path("events/new/", manage_views.event_create, name="event_create"),
    path("events/<slug:slug>/edit/", manage_views.event_edit, name="event_edit"),
    path("events/<slug:slug>/publish/", manage_views.event_publish, name="event_publish"),
    path("events/<slug:slug>/cancel/", manage_views.event_cancel, name="event_cancel"),
    path("events/<slug:slug>/finish/", manage_views.event_finish, name="event_finish"),
    path("events/<slug:slug>/programme/", manage_views.event_programme, name="event_programme"),
    path("events/<slug:slug>/talks/new/", manage_views.talk_create, name="talk_create"),
    path("events/<slug:slug>/agenda/new/", manage_views.agenda_create, name="agenda_create"),
    path("talks/<int:pk>/edit/", manage_views.talk_edit, name="talk_edit"),
    path("talks/<int:pk>/delete/", manage_views.talk_delete, name="talk_delete"),
    path("agenda/<int:pk>/edit/", manage_views.agenda_edit, name="agenda_edit"),
    path("agenda/<int:pk>/delete/", manage_views.agenda_delete, name="agenda_delete"),
    path("venues/", manage_views.venue_list, name="venue_list"),
    path("venues/new/", manage_views.venue_create, name="venue_create"),
    path("venues/<int:pk>/edit/", manage_views.venue_edit, name="venue_edit"),
    path("speakers/", manage_views.speaker_list, name="speaker_list"),
    path("speakers/new/", manage_views.speaker_create, name="speaker_create"),
    path("speakers/<int:pk>/edit/", manage_views.speaker_edit, name="speaker_edit"),
    path("speakers/<int:pk>/approve/", manage_views.speaker_approve, name="speaker_approve"),
    path("speakers/<int:pk>/file/<str:field>", views.speaker_private_file, name="speaker_file"),
]
