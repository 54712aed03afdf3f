"""The organiser's dashboard, the link to it from the public event page, and the query count
of every list page (dashboard, venues, speakers, programme) at one and three rows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, EventStatus
from tests.factories import AgendaItemFactory, EventFactory, SpeakerFactory, TalkFactory, VenueFactory
from tests.support import PDF, draft_event

pytestmark = pytest.mark.django_db


def test_dashboard_lists_drafts_with_status_badges(org_client):
    draft = draft_event(title_en="Draft one")
    EventFactory(status=EventStatus.CANCELLED, title_en="Gone")

    response = org_client.get(reverse("manage:dashboard"))
    filtered = org_client.get(reverse("manage:dashboard") + "?status=draft")

    html = response.content.decode()
    assert '<span class="badge draft">Draft</span>' in html
    assert '<span class="badge cancelled">Cancelled</span>' in html
    assert reverse("manage:event_edit", args=[draft.slug]) in html
    assert [e.pk for e in filtered.context["events"]] == [draft.pk]


def test_event_page_links_organisers_to_manage(org_client):
    event = EventFactory(status=EventStatus.PUBLISHED)
    manage_url = reverse("manage:event_edit", args=[event.slug])

    assert manage_url in org_client.get(event.get_absolute_url()).content.decode()
    org_client.logout()
    assert manage_url not in org_client.get(event.get_absolute_url()).content.decode()


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _fill(n: int, event: Event) -> None:
    for _ in range(n):
        speaker = SpeakerFactory(cv=SimpleUploadedFile("cv.pdf", PDF))
        talk = TalkFactory(event=event, speaker=speaker)
        AgendaItemFactory(event=event, talk=talk).speakers.add(speaker, SpeakerFactory())
        EventFactory(venue=VenueFactory())


@pytest.mark.parametrize("page", ["manage:dashboard", "manage:venue_list", "manage:speaker_list", "programme"])
def test_list_pages_make_the_same_queries_for_one_and_three_rows(org_client, june_event, page):
    url = reverse("manage:event_programme", args=["june"]) if page == "programme" else reverse(page)
    _fill(1, june_event)
    _queries_for(org_client, url)  # Warm the session and permission caches.
    with_one = _queries_for(org_client, url)

    _fill(2, june_event)

    assert _queries_for(org_client, url) == with_one
