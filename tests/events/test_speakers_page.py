"""The speakers for the grantor who approves them: name, position, organisation, topic, where
they speak and the approval, without phones, emails, CVs or diplomas."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from events.models import SpeakerApproval
from tests.factories import AgendaItemFactory, EventFactory, SpeakerFactory, TalkFactory
from tests.support import PDF

pytestmark = pytest.mark.django_db

URL = reverse("events:speakers")


@pytest.fixture
def speakers():
    event = EventFactory(title_kk="Қалалық конференция")
    approved = SpeakerFactory(
        full_name="Әлия Сейітқызы",
        position="Бөлім басшысы",
        organisation="Ішкі саясат басқармасы",
        email="aliya@example.kz",
        phone="+77011112233",
        approval=SpeakerApproval.APPROVED,
        approved_on=date(2026, 10, 24),
        cv=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
    )
    pending = SpeakerFactory(full_name="Асан Омаров", email="asan@example.kz", approval=SpeakerApproval.PENDING)
    TalkFactory(event=event, speaker=approved, title_kk="Өзін-өзі басқару бүгін")
    AgendaItemFactory(event=event, title_kk="Пікірталас").speakers.add(pending)
    return approved, pending


def test_grantor_reads_the_speakers_without_contacts_or_files(grantor_client, speakers):
    approved, pending = speakers

    response = grantor_client.get(URL, HTTP_ACCEPT_LANGUAGE="kk")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="topbar"' in page
    assert [speaker.full_name for speaker in response.context["speakers"]] == ["Асан Омаров", "Әлия Сейітқызы"]
    for text in ("Бөлім басшысы", "Ішкі саясат басқармасы", "Өзін-өзі басқару бүгін", "Қалалық конференция",
                 "Пікірталас", "Грант беруші мақұлдады", "Мақұлдауды күтуде", "24.10.2026"):  # fmt: skip
        assert text in page, text
    for private in ("aliya@example.kz", "asan@example.kz", "+7701", "/file/cv", "cv.pdf"):
        assert private not in page, private


def test_grantor_filters_the_speakers_by_approval(grantor_client, speakers):
    response = grantor_client.get(URL, {"approval": "pending"})

    assert [speaker.full_name for speaker in response.context["speakers"]] == ["Асан Омаров"]
    assert response.context["approvals"][0][2] == 1  # awaiting approval: one


@pytest.mark.parametrize("count", [1, 5])
def test_speakers_page_reads_in_a_constant_number_of_queries(
    grantor_client, speakers, django_assert_max_num_queries, count
):
    for n in range(count):
        TalkFactory(speaker=SpeakerFactory(full_name=f"Спикер {n}"))

    # session, user, its permissions (two), speakers, their talks, their agenda items, approvals, roles (menu)
    with django_assert_max_num_queries(9):
        response = grantor_client.get(URL)

    assert len(response.context["speakers"]) == 2 + count


def test_the_speakers_page_is_for_readers_of_speakers_only(volunteer_client):
    anonymous = Client().get(URL)
    refused = volunteer_client.get(URL)

    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert refused.status_code == 403 and 'id="refused"' in refused.content.decode()
