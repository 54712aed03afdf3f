import io
import json

import pytest
from django.core import mail
from pypdf import PdfReader

from core.services import issue_api_token
from registration.models import CheckIn, Registration, RegistrationStatus, ScanLog
from tests.conftest import make_user
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = "әғқңөұүһі"


def post_json(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def good(**extra):
    return {"full_name": "Айгерім Сәрсенова", "phone": "8 701 123 45 67", "consent": True, **extra}


def test_register_returns_ticket(client):
    event = EventFactory(capacity=1)

    response = post_json(client, f"/api/events/{event.slug}/registrations", good(email="A@Example.kz"))

    body = response.json()
    registration = Registration.objects.get()
    assert response.status_code == 201
    assert body == {
        "code": registration.code,
        "status": "confirmed",
        "ticket_url": f"http://127.0.0.1:8000/t/{registration.code}",
    }
    assert (registration.phone, registration.email, registration.language) == ("+77011234567", "a@example.kz", "kk")


def test_register_past_capacity_is_waitlisted(client):
    event = EventFactory(capacity=0)

    response = post_json(client, f"/api/events/{event.slug}/registrations", good())

    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"


def test_duplicate_answers_409_with_the_existing_status(client):
    event = EventFactory()
    post_json(client, f"/api/events/{event.slug}/registrations", good())

    same = post_json(client, f"/api/events/{event.slug}/registrations", good(phone="+7 701 123 4567"))
    other = post_json(client, f"/api/events/{event.slug}/registrations", good(full_name="Басқа Адам"))

    code = Registration.objects.get().code
    assert same.status_code == other.status_code == 409
    assert same.json()["code"] == "duplicate" and same.json()["status"] == "confirmed"
    assert same.json()["ticket_url"] == f"/t/{code}"
    assert "ticket_url" not in other.json() or other.json()["ticket_url"] is None
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "body,field",
    [
        (good(phone="12345"), "phone"),
        (good(full_name="x" * 10_000), "full_name"),
        (good(full_name=" "), "full_name"),
        (good(full_name="Айгерім\u0000"), "full_name"),
        (good(organisation="№12\u001b мектеп"), "organisation"),
        (good(phone="+998 90 123"), "phone"),
        (good(age=3), "age"),
        (good(email="not-an-email"), "email"),
        (good(district="moon"), "district"),
        ({"phone": "87011234567", "consent": True}, "full_name"),
    ],
)
def test_bad_input_gets_422_with_field_errors(client, body, field):
    event = EventFactory()

    response = post_json(client, f"/api/events/{event.slug}/registrations", body)

    assert response.status_code == 422
    # Control characters are refused at the edge, before the schema (core.middleware).
    has_control = any(ch < " " for value in body.values() if isinstance(value, str) for ch in value)
    assert response.json()["code"] == ("control_characters" if has_control else "invalid")
    assert field in [e["field"] for e in response.json()["errors"]]
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    "phone,stored",
    [
        ("+998 90 123 45 67", "+998901234567"),
        ("+996 555 123 456", "+996555123456"),
        ("+7 (701) 123-45-67", "+77011234567"),
        ("7011234567", "+77011234567"),
    ],
)
def test_register_with_a_phone_of_kazakhstan_or_a_neighbour(client, phone, stored):
    event = EventFactory()

    response = post_json(client, f"/api/events/{event.slug}/registrations", good(phone=phone))

    assert response.status_code == 201
    assert Registration.objects.get().phone == stored


@pytest.mark.parametrize("phone", ["12345", "998901234567", "+7 7252 12 34 56", "call me", "+7 701 123 45 67 x5"])
def test_bad_phone_is_refused_with_the_message(client, phone):
    event = EventFactory()

    response = post_json(
        client, f"/api/events/{event.slug}/registrations", good(phone=phone), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "phone",
            "type": "value_error",
            "message": "Enter a mobile number, e.g. +7 701 123 45 67 (other countries with their code, e.g. +998 …).",
        }
    ]
    assert Registration.objects.count() == 0


def test_no_consent_is_refused(client):
    event = EventFactory()

    response = post_json(client, f"/api/events/{event.slug}/registrations", good(consent=False))

    assert response.status_code == 409
    assert response.json()["code"] == "consent_required"
    assert Registration.objects.count() == 0


def test_bad_input_message_in_the_users_language(client):
    event = EventFactory()

    response = post_json(
        client, f"/api/events/{event.slug}/registrations", good(full_name=" А  "), HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert response.json()["errors"] == [{"field": "full_name", "message": "Укажите ФИО.", "type": "value_error"}]


def test_unknown_event_is_404(client):
    response = post_json(client, "/api/events/no-such-event/registrations", good())

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_honeypot_and_rate_limit(client, settings):
    event = EventFactory()
    settings.REGISTRATION_RATE_LIMIT = 2

    bot = post_json(client, f"/api/events/{event.slug}/registrations", good(website="http://spam"))
    ok = post_json(client, f"/api/events/{event.slug}/registrations", good(phone="87011110000"))
    limited = post_json(
        client, f"/api/events/{event.slug}/registrations", good(phone="87011110001"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert bot.status_code == 400 and bot.json()["code"] == "rejected"
    assert ok.status_code == 201
    assert limited.status_code == 429 and "Too many registrations" in limited.json()["message"]
    assert Registration.objects.count() == 1


# --- check-in API ---------------------------------------------------------------------------


def test_checkin_by_bearer_token_then_already(client):
    registration = RegistrationFactory(organisation="№5 мектеп")
    make_user("door", "volunteer")
    token = issue_api_token(username="door", device="door-1")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = {"code": registration.code, "event": registration.event.slug, "device": "door-1"}

    first = post_json(client, "/api/checkin", body, **auth)
    second = post_json(client, "/api/checkin", body, **auth)

    assert first.status_code == 200
    assert first.json()["result"] == "ok"
    assert first.json()["name"] == registration.full_name and first.json()["role"] == "participant"
    assert second.json()["result"] == "already"
    assert second.json()["checked_in_at"] == first.json()["checked_in_at"]
    assert second.json()["checked_in_by"] == "door"
    assert "phone" not in first.json() and registration.phone not in first.content.decode()
    assert CheckIn.objects.count() == 1
    assert ScanLog.objects.filter(device="door-1").count() == 2


def test_checkin_unknown_wrong_event_and_garbage(volunteer_client):
    event = EventFactory()
    other = RegistrationFactory()

    wrong = post_json(volunteer_client, "/api/checkin", {"code": other.code, "event": event.slug})
    garbage = post_json(volunteer_client, "/api/checkin", {"code": "'; DROP TABLE x; --", "event": event.slug})
    no_event = post_json(volunteer_client, "/api/checkin", {"code": other.code, "event": "nope"})

    assert wrong.json()["result"] == "wrong_event" and wrong.json()["event_title"] == other.event.title
    assert garbage.json()["result"] == "unknown"
    assert no_event.status_code == 404
    assert CheckIn.objects.count() == 0


def test_checkin_needs_a_volunteer(client):
    registration = RegistrationFactory()
    body = {"code": registration.code, "event": registration.event.slug}

    anonymous = post_json(client, "/api/checkin", body)
    client.force_login(make_user("someone"))
    plain_user = post_json(client, "/api/checkin", body)

    assert anonymous.status_code == 401
    assert plain_user.status_code == 403 and plain_user.json()["code"] == "forbidden"
    assert CheckIn.objects.count() == 0 and ScanLog.objects.count() == 0


def test_session_checkin_requires_csrf(volunteer):
    from django.test import Client

    registration = RegistrationFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer)

    response = post_json(client, "/api/checkin", {"code": registration.code, "event": registration.event.slug})

    assert response.status_code in (401, 403)
    assert CheckIn.objects.count() == 0


def test_door_search_and_stats_show_no_contacts(volunteer_client):
    event = EventFactory()
    registration = RegistrationFactory(event=event, full_name="Әлихан Бөкейхан", phone="+77017654321")
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    by_name = volunteer_client.get(f"/api/events/{event.slug}/attendees", {"q": "әлихан"})
    by_phone = volunteer_client.get(f"/api/events/{event.slug}/attendees", {"q": "8 701 765 43 21"})
    stats = volunteer_client.get(f"/api/events/{event.slug}/stats")

    assert [a["code"] for a in by_name.json()] == [registration.code]
    assert [a["code"] for a in by_phone.json()] == [registration.code]
    assert "+7701" not in by_name.content.decode() and "+7701" not in by_phone.content.decode()
    assert stats.json() == {"registered": 1, "waitlisted": 1, "checked_in": 0}


@pytest.mark.parametrize("q", ["+7 701 765 43 21", "8 (701) 765-43-21", "87017654321", "7017654321", "+77017654321"])
def test_door_search_finds_a_whole_phone_in_any_format(volunteer_client, q):
    event = EventFactory()
    registration = RegistrationFactory(event=event, full_name="Әлихан Бөкейхан", phone="+77017654321")
    RegistrationFactory(event=event, full_name="Басқа адам", phone="+77017654320")

    response = volunteer_client.get(f"/api/events/{event.slug}/attendees", {"q": q})

    assert [a["code"] for a in response.json()] == [registration.code]


@pytest.mark.parametrize("q", ["4321", "654321", "7654321", "17654321", "1765432"])
def test_door_search_does_not_find_by_part_of_a_phone(volunteer_client, q):
    event = EventFactory()
    RegistrationFactory(event=event, full_name="Әлихан Бөкейхан", phone="+77017654321")

    response = volunteer_client.get(f"/api/events/{event.slug}/attendees", {"q": q})

    assert response.status_code == 200 and response.json() == []


def test_door_search_finds_a_foreign_phone_and_only_in_its_event(volunteer_client):
    event = EventFactory()
    registration = RegistrationFactory(event=event, full_name="Дилноза Каримова", phone="+998901234567")
    RegistrationFactory(full_name="Дилноза Каримова", phone="+998901234567")  # Another event.

    response = volunteer_client.get(f"/api/events/{event.slug}/attendees", {"q": "+998 90 123-45-67"})

    assert [a["code"] for a in response.json()] == [registration.code]


def test_walk_in_via_api(volunteer_client):
    event = EventFactory()

    response = post_json(
        volunteer_client,
        f"/api/events/{event.slug}/walk-ins",
        {"full_name": "Есенгелді Жұмабек", "phone": "87019998877"},
    )
    duplicate = post_json(
        volunteer_client,
        f"/api/events/{event.slug}/walk-ins",
        {"full_name": "Есенгелді Жұмабек", "phone": "+77019998877"},
    )

    assert response.status_code == 201 and response.json()["result"] == "ok"
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "duplicate"
    assert CheckIn.objects.filter(registration__event=event, manual=True).count() == 1


def test_walk_in_with_a_kyrgyz_phone_via_api(volunteer_client):
    event = EventFactory()

    response = post_json(
        volunteer_client,
        f"/api/events/{event.slug}/walk-ins",
        {"full_name": " Айбек   Осмонов ", "phone": "+996 555 123 456", "organisation": " КТУ  Манас "},
    )

    assert response.status_code == 201 and response.json()["result"] == "ok"
    assert list(Registration.objects.values_list("full_name", "phone", "organisation")) == [
        ("Айбек Осмонов", "+996555123456", "КТУ Манас")
    ]


@pytest.mark.parametrize(
    "body,field",
    [({"full_name": "Айбек", "phone": "12345"}, "phone"), ({"full_name": " А ", "phone": ""}, "full_name")],
)
def test_walk_in_bad_input_gets_422(volunteer_client, body, field):
    event = EventFactory()

    response = post_json(volunteer_client, f"/api/events/{event.slug}/walk-ins", body)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert Registration.objects.count() == 0


# --- pages ---------------------------------------------------------------------------------


def test_register_page_flow_in_kazakh(client):
    event = EventFactory()

    page = client.get(f"/events/{event.slug}/register/")
    response = client.post(
        f"/events/{event.slug}/register/",
        {
            "full_name": "Айгерім Сәрсенова",
            "phone": "+7 701 123 45 67",
            "consent": "on",
            "age": "17",
            "district": "abay",
            "email": "",
        },
    )

    registration = Registration.objects.get()
    assert page.status_code == 200
    assert response.status_code == 302 and response["Location"] == f"/t/{registration.code}"
    assert (registration.age, registration.district, registration.language) == (17, "abay", "kk")


def test_register_page_errors_keep_the_input(client):
    event = EventFactory()

    response = client.post(
        f"/events/{event.slug}/register/", {"full_name": "Айгерім", "phone": "555"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a mobile number" in html and "processing of your personal data" in html
    assert 'value="Айгерім"' in html
    assert Registration.objects.count() == 0


def test_register_page_second_attempt_leads_to_existing_ticket(client):
    event = EventFactory()
    data = {"full_name": "Айгерім Сәрсенова", "phone": "87011234567", "consent": "on"}
    client.post(f"/events/{event.slug}/register/", data)

    again = client.post(f"/events/{event.slug}/register/", data)

    assert again.status_code == 302 and again["Location"] == f"/t/{Registration.objects.get().code}"


def test_ticket_page_pdf_and_cancel(client):
    registration = RegistrationFactory(full_name="Әсел Ұлықбекқызы")

    page = client.get(f"/t/{registration.code}")
    qr = client.get(f"/t/{registration.code}/qr.png")
    pdf = client.get(f"/t/{registration.code}/ticket.pdf")
    cancel = client.post(f"/t/{registration.code}/cancel")

    assert page.status_code == 200 and registration.full_name in page.content.decode()
    assert qr["Content-Type"] == "image/png" and qr.content.startswith(b"\x89PNG")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Әсел Ұлықбекқызы" in text
    fonts = str(PdfReader(io.BytesIO(pdf.content)).pages[0]["/Resources"]["/Font"])
    assert "DejaVu" in str(
        [
            f.get_object()["/BaseFont"]
            for f in PdfReader(io.BytesIO(pdf.content)).pages[0]["/Resources"]["/Font"].values()
        ]
    )
    assert "Helvetica" not in fonts
    assert cancel.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_unknown_ticket_is_404(client):
    assert client.get("/t/doesnotexist").status_code == 404
    assert client.get("/t/" + "x" * 100).status_code == 404


def test_poster_pdf_has_kazakh_text_and_a_registration_qr(client):
    import pypdf  # noqa: F401
    import zxingcpp
    from PIL import Image

    event = EventFactory(title_kk="Жастарға арналған ақпараттық сессия: әғқңөұүһі")

    response = client.get(f"/events/{event.slug}/poster.pdf?lang=kk")

    reader = PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert all(letter in text for letter in KAZAKH_LETTERS)
    images = list(reader.pages[0].images)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(images[0].data)))
    assert decoded[0].text == f"http://127.0.0.1:8000/events/{event.slug}/register/"


def test_ticket_email_attaches_pdf(client, django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        post_json(client, f"/api/events/{event.slug}/registrations", good(email="p@example.kz"))

    assert len(mail.outbox) == 1
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert Registration.objects.get().code in mail.outbox[0].body


def test_bearer_token_works_without_session_or_csrf(volunteer):
    """A door device sends only its token: no cookie and no CSRF header."""
    from django.test import Client

    registration = RegistrationFactory()
    token = issue_api_token(username=volunteer.username)
    device = Client(enforce_csrf_checks=True)

    response = post_json(
        device,
        "/api/checkin",
        {"code": registration.code, "event": registration.event.slug},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    walk_in = post_json(
        device,
        f"/api/events/{registration.event.slug}/walk-ins",
        {"full_name": "Жаңа адам"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 200 and response.json()["result"] == "ok"
    assert walk_in.status_code == 201 and walk_in.json()["result"] == "ok"


def test_session_post_without_csrf_token_gets_a_clear_error(volunteer):
    from django.test import Client

    registration = RegistrationFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)

    response = post_json(
        browser,
        "/api/checkin",
        {"code": registration.code, "event": registration.event.slug},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert "security token" in response.json()["message"]
    assert CheckIn.objects.count() == 0
