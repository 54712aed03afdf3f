"""An organiser corrects a person's details on the product's own page (no /admin/): a misspelt
name before the certificates, a phone in any usual format; the role and status stay as they are,
and the rules of registration (one live registration per phone) still hold."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.text import fold
from registration import manage_views, services
from registration.models import Registration, RegistrationStatus, Role
from tests.factories import EventFactory, RegistrationFactory
from tests.support import make_user, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def edit_url(registration):
    return reverse("registration_manage:edit", args=[registration.event.slug, registration.pk])


def details(**overrides) -> dict:
    data = {
        "full_name": "Әлия Қасымова",
        "phone": "8 (701) 123-45-67",
        "email": "Aliya@Example.kz",
        "organisation": "№12 мектеп",
        "age": "17",
        "district": "",
        "language": "kk",
    }
    return {**data, **overrides}


def test_an_organiser_corrects_a_name_and_contacts(organiser_client):
    registration = RegistrationFactory(full_name="Алия Касымова", role=Role.SPEAKER)
    back = reverse("registration_manage:attendees", args=[registration.event.slug]) + "?q=Aliya"

    response = organiser_client.post(edit_url(registration), {**details(), "next": back})

    assert response.status_code == 302 and response["Location"] == back
    assert messages_of(response) == ["The details of Әлия Қасымова are saved."]
    registration.refresh_from_db()
    assert (registration.full_name, registration.phone, registration.email, registration.age) == (
        "Әлия Қасымова",
        "+77011234567",
        "aliya@example.kz",
        17,
    )
    assert (registration.role, registration.status) == (Role.SPEAKER, RegistrationStatus.CONFIRMED)


def test_a_phone_already_registered_for_the_event_is_refused(organiser_client):
    event = EventFactory()
    RegistrationFactory(event=event, phone="+77011234567")
    registration = RegistrationFactory(event=event, phone="+77019999999")

    response = organiser_client.post(edit_url(registration), details())

    assert response.status_code == 200
    assert "This phone number is already registered for this event." in response.content.decode()
    registration.refresh_from_db()
    assert registration.phone == "+77019999999"


def test_the_page_never_sends_back_off_site(organiser_client):
    registration = RegistrationFactory()

    response = organiser_client.post(edit_url(registration), {**details(), "next": "https://evil.example/"})

    assert response["Location"] == reverse("registration_manage:attendees", args=[registration.event.slug])


def test_without_the_contacts_permission_no_contact_is_shown_or_changed(client):
    user = make_user("helper")
    registration = RegistrationFactory(phone="+77015550000", email="a@example.kz")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_registration", "change_registration"]))
    client.force_login(user)

    page = client.get(edit_url(registration)).content.decode()
    client.post(edit_url(registration), details(full_name="Жаңа Есім", phone="+77010000001"))

    assert "+77015550000" not in page and "a@example.kz" not in page
    registration.refresh_from_db()
    assert (registration.full_name, registration.phone, registration.email) == (
        "Жаңа Есім",
        "+77015550000",
        "a@example.kz",
    )


def test_volunteers_cannot_edit(volunteer_client):
    registration = RegistrationFactory()

    assert volunteer_client.post(edit_url(registration), details()).status_code == 403
    assert Registration.objects.get(pk=registration.pk).full_name == registration.full_name


def test_the_attendee_list_links_each_person_to_their_page(organiser_client):
    registration = RegistrationFactory()

    page = organiser_client.get(reverse("registration_manage:attendees", args=[registration.event.slug]))

    assert edit_url(registration) in page.content.decode()


def test_an_edit_does_not_undo_a_cancellation_made_while_it_was_saved(organiser_client, monkeypatch):
    # The row is read at the start of the request; another organiser cancels before the save.
    registration = RegistrationFactory(full_name="Алия Касымова", phone="+77019999999")

    class CancelledMeanwhile(manage_views.AttendeeEditForm):
        def clean(self):
            services.cancel_registration(registration=registration)
            return super().clean()

    monkeypatch.setattr(manage_views, "AttendeeEditForm", CancelledMeanwhile)

    response = organiser_client.post(edit_url(registration), details())

    assert response.status_code == 302
    saved = Registration.objects.get(pk=registration.pk)
    assert (saved.full_name, saved.phone, saved.status) == (
        "Әлия Қасымова",
        "+77011234567",
        RegistrationStatus.CANCELLED,
    )
    assert saved.cancelled_at is not None
    # The new name is found by search: its folded copy was saved with it.
    assert saved.name_search == fold("Әлия Қасымова")


def test_a_phone_taken_by_someone_else_meanwhile_is_refused_on_its_field_and_nothing_is_saved():
    """The form checked the phone; another registration took it before the save: the database
    refuses, and the service answers on the field instead of a 500."""
    event = EventFactory()
    person = RegistrationFactory(event=event, full_name="Әлия Қасымова", phone="+77011234567")
    RegistrationFactory(event=event, phone="+77019998877")
    person.phone, person.full_name = "+77019998877", "Әлия Қасымқызы"

    with pytest.raises(services.DomainError) as refused:
        services.update_details(registration=person, changed=person, fields=["phone", "full_name"])

    assert (refused.value.code, refused.value.field) == ("duplicate", "phone")
    assert str(refused.value.message) == "This phone number is already registered for this event."
    saved = Registration.objects.get(pk=person.pk)
    assert (saved.phone, saved.full_name) == ("+77011234567", "Әлия Қасымова")
