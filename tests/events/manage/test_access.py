"""Who may enter the organiser pages: organisers only; volunteers get 403 and change nothing,
anonymous visitors go to the login page."""

import pytest
from django.urls import reverse

from events.models import AgendaItem, Event, EventStatus, SpeakerApproval, Talk
from tests.factories import AgendaItemFactory, TalkFactory
from tests.support import draft_event, event_data

pytestmark = pytest.mark.django_db


def _manage_get_urls(event, speaker, venue, talk, item) -> list[str]:
    return [
        reverse("manage:dashboard"),
        reverse("manage:event_create"),
        reverse("manage:event_edit", args=[event.slug]),
        reverse("manage:event_programme", args=[event.slug]),
        reverse("manage:talk_create", args=[event.slug]),
        reverse("manage:talk_edit", args=[talk.pk]),
        reverse("manage:agenda_create", args=[event.slug]),
        reverse("manage:agenda_edit", args=[item.pk]),
        reverse("manage:venue_list"),
        reverse("manage:venue_create"),
        reverse("manage:venue_edit", args=[venue.pk]),
        reverse("manage:speaker_list"),
        reverse("manage:speaker_create"),
        reverse("manage:speaker_edit", args=[speaker.pk]),
    ]


@pytest.fixture
def programme():
    event = draft_event()
    talk = TalkFactory(event=event)
    item = AgendaItemFactory(event=event, talk=talk)
    return event, talk.speaker, event.venue, talk, item


def test_volunteer_gets_403_on_every_manage_page(vol_client, programme):
    event, speaker, venue, talk, item = programme

    codes = {url: vol_client.get(url).status_code for url in _manage_get_urls(event, speaker, venue, talk, item)}

    assert set(codes.values()) == {403}, codes


def test_volunteer_posts_change_nothing(vol_client, programme):
    event, speaker, venue, talk, item = programme
    title_kk, venue_name = event.title_kk, venue.name

    responses = [
        vol_client.post(reverse("manage:event_create"), event_data(slug="sneaky", venue=venue.pk)),
        vol_client.post(reverse("manage:event_edit", args=[event.slug]), event_data(slug=event.slug, title_kk="X")),
        vol_client.post(reverse("manage:event_publish", args=[event.slug])),
        vol_client.post(reverse("manage:event_cancel", args=[event.slug])),
        vol_client.post(reverse("manage:agenda_delete", args=[item.pk])),
        vol_client.post(reverse("manage:talk_delete", args=[talk.pk])),
        vol_client.post(reverse("manage:venue_edit", args=[venue.pk]), {"name": "X", "address": "Y", "city": "Z"}),
        vol_client.post(reverse("manage:speaker_approve", args=[speaker.pk]), {"on": "2025-01-01"}),
    ]

    assert [r.status_code for r in responses] == [403] * len(responses)
    event.refresh_from_db()
    venue.refresh_from_db()
    speaker.refresh_from_db()
    assert Event.objects.count() == 1
    assert (event.title_kk, event.status) == (title_kk, EventStatus.DRAFT)
    assert venue.name == venue_name
    assert speaker.approval == SpeakerApproval.PENDING
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert Talk.objects.filter(pk=talk.pk).exists()


def test_anonymous_is_sent_to_login(client, programme):
    event, speaker, venue, talk, item = programme
    login = reverse("login")

    for url in _manage_get_urls(event, speaker, venue, talk, item):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{login}?next={url}"

    response = client.post(reverse("manage:event_publish", args=[event.slug]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
