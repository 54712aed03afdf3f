from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from media_log.models import Approval, EvidenceKind, Feedback, MediaItem
from registration.services import check_in
from tests.factories import EventFactory, RegistrationFactory

from .factories import FeedbackFactory, MediaItemFactory, UserFactory, jpeg, pdf, stored_files, text_as_jpeg

pytestmark = pytest.mark.django_db

LIST = reverse("media_log:list")
CREATE = reverse("media_log:create")


@pytest.fixture(autouse=True)
def _english_urls():
    # Message texts are asserted in English; the feedback flow is also tested in Kazakh below.
    with translation.override("en"):
        yield


def _en(client):
    client.cookies["django_language"] = "en"
    return client


# Access


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={LIST}"


@pytest.mark.parametrize("url", [LIST, CREATE])
def test_volunteer_is_refused(volunteer_client, url):
    assert volunteer_client.get(url).status_code == 403


def test_grantor_lists_evidence_read_only(grantor_client):
    item = MediaItemFactory(kind=EvidenceKind.PRESS, title="Adyrna мақаласы", outlet="Adyrna")

    response = grantor_client.get(LIST)

    assert response.status_code == 200
    assert list(response.context["page"]) == [item]
    assert reverse("media_log:approval", args=[item.pk]).encode() not in response.content
    assert CREATE.encode() not in response.content


@pytest.mark.parametrize("name", ["create", "feedback"])
def test_grantor_cannot_add_or_read_feedback(grantor_client, name):
    assert grantor_client.get(reverse(f"media_log:{name}")).status_code == 403


def test_grantor_cannot_post_evidence(grantor_client):
    response = grantor_client.post(CREATE, {"kind": "press", "title": "A", "url": "https://e.kz", "outlet": "X"})

    assert response.status_code == 403
    assert MediaItem.objects.count() == 0


def test_grantor_cannot_change_approval(grantor_client):
    item = MediaItemFactory(approval=Approval.PENDING)

    response = grantor_client.post(
        reverse("media_log:approval", args=[item.pk]), {"approval": "approved", "approved_on": "2024-09-01"}
    )

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.approval == Approval.PENDING


# Adding evidence


def test_organiser_adds_press_publication(organiser_client, organiser):
    event = EventFactory()

    response = _en(organiser_client).post(
        CREATE,
        {
            "kind": "press",
            "event": event.pk,
            "title": "Dala men Qala",
            "url": "https://dalamenqala.kz/a",
            "outlet": "Dala men Qala",
            "reach": "1500",
            "date": "2024-09-20",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == LIST
    item = MediaItem.objects.get()
    assert (item.kind, item.event, item.title, item.url, item.outlet, item.reach, item.date, item.created_by) == (
        "press",
        event,
        "Dala men Qala",
        "https://dalamenqala.kz/a",
        "Dala men Qala",
        1500,
        date(2024, 9, 20),
        organiser,
    )


def test_organiser_adds_photo_file(organiser_client, settings):
    event = EventFactory()

    response = organiser_client.post(
        CREATE, {"kind": "photo", "event": event.pk, "title": "Сессия", "file": jpeg(taken="2024:09:14 10:00:00")}
    )

    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert (item.date, bool(item.thumbnail)) == (date(2024, 9, 14), True)
    assert len(stored_files(settings.MEDIA_ROOT)) == 2


def test_add_form_shows_service_error_on_its_field(organiser_client):
    response = _en(organiser_client).post(CREATE, {"kind": "press", "title": "A", "url": "https://e.kz/a"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"outlet": ["Name the newspaper or portal."]}
    assert MediaItem.objects.count() == 0


def test_add_form_refuses_text_named_jpg(organiser_client, settings):
    response = _en(organiser_client).post(CREATE, {"kind": "photo", "title": "A", "file": text_as_jpeg()})

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["This file is not an accepted type. Accepted: JPG, PNG, WEBP."]}
    assert MediaItem.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []


def test_add_form_refuses_negative_reach_at_the_edge(organiser_client):
    response = _en(organiser_client).post(
        CREATE, {"kind": "press", "title": "A", "url": "https://e.kz/a", "outlet": "X", "reach": "-3"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["reach"]
    assert MediaItem.objects.count() == 0


# Private files


def test_private_letter_served_to_organiser_only(organiser_client, grantor, settings):
    organiser_client.post(CREATE, {"kind": "letter", "title": "Министрлікке хат", "file": pdf()})
    item = MediaItem.objects.get()
    url = reverse("media_log:private_file", args=[item.pk])

    response = organiser_client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    assert stored_files(settings.MEDIA_ROOT) == []
    organiser_client.force_login(grantor)
    assert organiser_client.get(url).status_code == 403


def test_private_file_of_public_item_is_404(organiser_client):
    item = MediaItemFactory()

    assert organiser_client.get(reverse("media_log:private_file", args=[item.pk])).status_code == 404


# Photos


def test_bulk_photo_upload(organiser_client):
    event = EventFactory()
    url = reverse("media_log:photos_upload", args=[event.slug])

    response = organiser_client.post(url, {"files": [jpeg("a.jpg"), jpeg("b.jpg"), jpeg("c.jpg")]})

    assert response.status_code == 302
    assert response["Location"] == reverse("media_log:photos", args=[event.slug])
    assert sorted(MediaItem.objects.filter(event=event, kind="photo").values_list("title", flat=True)) == [
        "a",
        "b",
        "c",
    ]
    grid = organiser_client.get(response["Location"])
    assert len(grid.context["photos"]) == 3
    assert grid.content.count(b'loading="lazy"') == 3


def test_bulk_photo_upload_all_or_nothing_names_bad_file(organiser_client, settings):
    event = EventFactory()

    response = _en(organiser_client).post(
        reverse("media_log:photos_upload", args=[event.slug]), {"files": [jpeg("a.jpg"), text_as_jpeg("scan.jpg")]}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [
        "scan.jpg: This file is not an accepted type. Accepted: JPG, PNG, WEBP."
    ]
    assert MediaItem.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []


def test_volunteer_cannot_upload_photos(volunteer_client):
    event = EventFactory()

    response = volunteer_client.post(reverse("media_log:photos_upload", args=[event.slug]), {"files": [jpeg()]})

    assert response.status_code == 403
    assert MediaItem.objects.count() == 0


def test_grantor_sees_photo_grid(grantor_client):
    event = EventFactory()

    assert grantor_client.get(reverse("media_log:photos", args=[event.slug])).status_code == 200


# Approval


def test_organiser_approves_with_date(organiser_client):
    item = MediaItemFactory(kind=EvidenceKind.PROGRAMME, approval=Approval.PENDING)

    response = organiser_client.post(
        reverse("media_log:approval", args=[item.pk]), {"approval": "approved", "approved_on": "2024-09-03"}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.approval, item.approved_on) == ("approved", date(2024, 9, 3))


def test_approval_without_date_is_refused(organiser_client):
    item = MediaItemFactory(kind=EvidenceKind.PROGRAMME, approval=Approval.PENDING)

    response = _en(organiser_client).post(reverse("media_log:approval", args=[item.pk]), {"approval": "approved"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"approved_on": ["An approved item needs the date of approval."]}
    item.refresh_from_db()
    assert item.approval == Approval.PENDING


# Feedback list


def test_organiser_reads_feedback(organiser_client):
    feedback = FeedbackFactory(comment="Жақсы")

    response = organiser_client.get(reverse("media_log:feedback"))

    assert list(response.context["page"]) == [feedback]
    assert "Жақсы" in response.content.decode()


# Public feedback form


@pytest.fixture
def attendee():
    registration = RegistrationFactory()
    check_in(code=registration.code, event=registration.event, scanned_by=UserFactory())
    return registration


def test_ticket_shows_feedback_link_only_after_check_in(client, attendee):
    other = RegistrationFactory()
    link = reverse("feedback:form", args=[attendee.code])

    assert link in client.get(attendee.get_absolute_url()).content.decode()
    assert reverse("feedback:form", args=[other.code]) not in client.get(other.get_absolute_url()).content.decode()


def test_feedback_flow_in_kazakh(client, attendee):
    url = reverse("feedback:form", args=[attendee.code])

    page = client.get(url)

    assert page.status_code == 200
    assert page.context["attended"] is True
    assert 'lang="kk"' in page.content.decode()
    assert page.content.decode().count('type="radio" name="rating"') == 5

    response = client.post(url, {"rating": "5", "comment": "Өте пайдалы кездесу болды"})

    assert response.status_code == 302
    assert response["Location"] == url
    assert list(Feedback.objects.values_list("registration", "rating", "comment")) == [
        (attendee.pk, 5, "Өте пайдалы кездесу болды")
    ]
    after = client.get(url)
    assert after.context["given"] is True
    assert 'type="radio"' not in after.content.decode()


def test_feedback_second_post_refused(client, attendee):
    url = reverse("feedback:form", args=[attendee.code])
    client.post(url, {"rating": "4"}, follow=True)

    response = _en(client).post(url, {"rating": "1", "comment": "again"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["You have already left your feedback. Thank you!"]
    assert list(Feedback.objects.values_list("rating", "comment")) == [(4, "")]


def test_feedback_before_check_in_is_refused_kindly(client):
    registration = RegistrationFactory()
    url = reverse("feedback:form", args=[registration.code])

    page = client.get(url)
    assert page.context["attended"] is False
    assert 'type="radio"' not in page.content.decode()

    response = _en(client).post(url, {"rating": "5"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Feedback can be left only by those who attended the event."
    ]
    assert Feedback.objects.count() == 0


def test_feedback_rating_out_of_range_shows_form_error(client, attendee):
    response = client.post(reverse("feedback:form", args=[attendee.code]), {"rating": "9"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["rating"]
    assert Feedback.objects.count() == 0


def test_feedback_unknown_code_is_404(client):
    assert client.get(reverse("feedback:form", args=["no-such-code"])).status_code == 404


# Listing


def test_add_form_renders_for_organiser(organiser_client):
    response = organiser_client.get(CREATE + "?kind=press")

    assert response.status_code == 200
    assert response.context["form"].initial["kind"] == "press"
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_private_file_link_shown_to_organiser_not_grantor(organiser_client, grantor):
    organiser_client.post(CREATE, {"kind": "minutes", "title": "Хаттама", "file": pdf()})
    item = MediaItem.objects.get()
    link = reverse("media_log:private_file", args=[item.pk])

    assert link in organiser_client.get(LIST).content.decode()
    organiser_client.force_login(grantor)
    page = organiser_client.get(LIST).content.decode()
    assert "Хаттама" in page
    assert link not in page


def test_list_filters_by_kind(organiser_client):
    press = MediaItemFactory(kind=EvidenceKind.PRESS, outlet="Adyrna")
    MediaItemFactory(kind=EvidenceKind.PHOTO)

    response = organiser_client.get(LIST, {"kind": "press"})

    assert list(response.context["page"]) == [press]
    assert response.context["filters"] == {"kind": "press"}


def test_list_queries_do_not_grow_with_items(organiser_client, django_assert_num_queries):
    MediaItemFactory(event=EventFactory(), thumbnail="t/a.jpg")
    with CaptureQueriesContext(connection) as one:
        organiser_client.get(LIST)
    MediaItemFactory.create_batch(2, event=EventFactory(), thumbnail="t/b.jpg")

    with django_assert_num_queries(len(one.captured_queries)):
        response = organiser_client.get(LIST)
    assert len(response.context["page"]) == 3
