"""An event's programme page and its agenda items and talks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import AgendaItem, Talk
from tests.factories import AgendaItemFactory, SpeakerFactory, TalkFactory
from tests.support import local

pytestmark = pytest.mark.django_db


def agenda_data(**overrides) -> dict:
    data = {
        "starts_at": "2030-06-01T10:00",
        "ends_at": "2030-06-01T10:45",
        "title_kk": "Ашылу",
        "title_ru": "Открытие",
        "title_en": "Opening",
        "talk": "",
    }
    return {**data, **overrides}


def test_organiser_adds_agenda_item_with_speakers(org_client, june_event):
    first, second, _ = SpeakerFactory(), SpeakerFactory(), SpeakerFactory()
    talk = TalkFactory(event=june_event, speaker=first)

    response = org_client.post(
        reverse("manage:agenda_create", args=["june"]), agenda_data(talk=talk.pk, speakers=[first.pk, second.pk])
    )

    item = AgendaItem.objects.get()
    assert response["Location"] == reverse("manage:event_programme", args=["june"])
    assert (item.event, item.talk, item.title_kk, item.title_ru, item.title_en) == (
        june_event,
        talk,
        "Ашылу",
        "Открытие",
        "Opening",
    )
    assert (item.starts_at, item.ends_at) == (local(2030, 6, 1, 10, 0), local(2030, 6, 1, 10, 45))
    assert set(item.speakers.all()) == {first, second}


@pytest.mark.parametrize(
    ("field", "data", "message"),
    [
        ("starts_at", {"starts_at": "2030-06-01T09:30"}, "The item cannot start before the event starts"),
        ("ends_at", {"ends_at": "2030-06-01T13:30"}, "The item cannot end after the event ends"),
    ],
)
def test_agenda_item_outside_event_is_refused(org_client, june_event, field, data, message):
    response = org_client.post(reverse("manage:agenda_create", args=["june"]), agenda_data(**data))

    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert AgendaItem.objects.count() == 0


def test_agenda_item_ending_before_start_shows_constraint(org_client, june_event):
    response = org_client.post(
        reverse("manage:agenda_create", args=["june"]),
        agenda_data(starts_at="2030-06-01T11:00", ends_at="2030-06-01T10:30"),
    )

    assert response.context["form"].non_field_errors() == ["An agenda item must end after it starts."]
    assert AgendaItem.objects.count() == 0


def test_agenda_item_cannot_use_another_events_talk(org_client, june_event):
    other_talk = TalkFactory()

    response = org_client.post(reverse("manage:agenda_create", args=["june"]), agenda_data(talk=other_talk.pk))

    assert response.context["form"].has_error("talk", "invalid_choice")
    assert AgendaItem.objects.count() == 0


def test_organiser_edits_and_deletes_agenda_item(org_client, june_event):
    item = AgendaItemFactory(event=june_event)

    org_client.post(
        reverse("manage:agenda_edit", args=[item.pk]),
        agenda_data(title_kk="Үзіліс", starts_at="2030-06-01T11:00", ends_at="2030-06-01T11:15"),
    )
    item.refresh_from_db()
    assert (item.title_kk, item.starts_at) == ("Үзіліс", local(2030, 6, 1, 11, 0))

    assert org_client.get(reverse("manage:agenda_delete", args=[item.pk])).status_code == 405
    response = org_client.post(reverse("manage:agenda_delete", args=[item.pk]))
    assert response["Location"] == reverse("manage:event_programme", args=["june"])
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_organiser_adds_edits_and_deletes_talk(org_client, june_event):
    speaker = SpeakerFactory()

    org_client.post(
        reverse("manage:talk_create", args=["june"]),
        {"title_kk": "Бюджет 2030", "speaker": speaker.pk, "abstract_kk": "Қысқаша"},
    )
    talk = Talk.objects.get()
    assert (talk.event, talk.speaker, talk.title, talk.abstract, talk.slides.name) == (
        june_event,
        speaker,
        "Бюджет 2030",
        "Қысқаша",
        "",
    )

    org_client.post(
        reverse("manage:talk_edit", args=[talk.pk]),
        {"title_kk": "Бюджет 2031", "speaker": speaker.pk, "abstract_kk": ""},
    )
    talk.refresh_from_db()
    assert (talk.title, talk.event) == ("Бюджет 2031", june_event)

    org_client.post(reverse("manage:talk_delete", args=[talk.pk]))
    assert Talk.objects.count() == 0


def test_talk_slides_must_be_pdf(org_client, june_event):
    speaker = SpeakerFactory()
    png_named_pdf = SimpleUploadedFile("slides.pdf", b"\x89PNG\r\n\x1a\nnot really", content_type="application/pdf")

    response = org_client.post(
        reverse("manage:talk_create", args=["june"]), {"title_kk": "T", "speaker": speaker.pk, "slides": png_named_pdf}
    )

    assert response.context["form"].errors["slides"] == ["This file is not an accepted type. Accepted: PDF."]
    assert Talk.objects.count() == 0


def test_programme_page_lists_items_and_talks(org_client, june_event):
    talk = TalkFactory(event=june_event, title_kk="Ашық бюджет")
    item = AgendaItemFactory(event=june_event, title_en="Welcome", talk=talk)

    html = org_client.get(reverse("manage:event_programme", args=["june"])).content.decode()

    assert "Welcome" in html and "Ашық бюджет" in html
    assert reverse("manage:agenda_edit", args=[item.pk]) in html
    assert reverse("manage:agenda_delete", args=[item.pk]) in html
    assert reverse("manage:talk_edit", args=[talk.pk]) in html
