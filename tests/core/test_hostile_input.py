"""Hostile input at the edge: control characters in paths, query strings and bodies (every API
route and the public pages), and decompression bombs posted as a photo, a logo or a signature.

PostgreSQL refuses NUL in text, so these tests prove most on PostgreSQL (DATABASE_URL); they
run on SQLite as well.
"""

import io
import json
from datetime import date
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from config.api import api
from core.errors import DomainError
from core.uploads import validate_image
from events.models import Event
from inventory import services as inventory
from inventory.models import ActKind, ActStatus, Movement
from media_log import services as media
from media_log.models import MediaItem
from tests.factories import EventFactory, RegistrationFactory
from tests.inventory.factories import ItemTypeFactory, WarehouseFactory, signature_png
from tests.support import event_data

pytestmark = [
    pytest.mark.django_db,
    # Pillow warns of images between MAX_IMAGE_PIXELS and twice that, which these tests post on purpose.
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]

NUL = "a\x00b"
CONTROL_MESSAGE = "Remove the invisible control characters from this text."
PIXELS_MESSAGE = "This image has too many pixels: at most %(limit)s megapixels are accepted."


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


# --- Control characters: every route of the API ---------------------------------------------------

SCHEMA = api.get_openapi_schema()


def sample(schema: dict, text: str):
    """A value of the JSON schema with `text` in every free string (enums keep a valid value)."""
    if "$ref" in schema:
        return sample(SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]], text)
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [option for option in schema[key] if option.get("type") != "null"]
            return sample(options[0], text) if options else None
    kind = schema.get("type")
    if kind == "object":
        return {name: sample(value, text) for name, value in schema.get("properties", {}).items()}
    if kind == "array":
        return [sample(schema.get("items", {}), text)]
    return {"string": text, "integer": 1, "number": 1, "boolean": True}.get(kind, text)


def call(client, method: str, path: str, operation: dict, *, path_value, text: str):
    """Call the operation with `path_value` in its path parameters and `text` in every string of
    its query and JSON body."""
    parameters = operation.get("parameters", [])
    for parameter in parameters:
        if parameter["in"] == "path":
            value = path_value(parameter["schema"].get("type"))
            path = path.replace("{" + parameter["name"] + "}", quote(str(value), safe=""))
    query = {
        p["name"]: sample(p.get("schema", {}), text)
        for p in parameters
        if p["in"] == "query" and p.get("schema", {}).get("type") == "string"
    }
    if query:
        path += "?" + "&".join(f"{name}={quote(str(value), safe='')}" for name, value in query.items())
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    kwargs = {}
    if body is not None:
        kwargs = {"data": json.dumps(sample(body["schema"], text)), "content_type": "application/json"}
    return getattr(client, method.lower())(path, **kwargs)


def takes_text(operation: dict) -> bool:
    """Whether the operation has a string query parameter or a free string in its JSON body."""
    if any(p["in"] == "query" and p.get("schema", {}).get("type") == "string" for p in operation.get("parameters", [])):
        return True
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    return body is not None and "\\u0000" in json.dumps(sample(body["schema"], NUL))


def operations(keep) -> list:
    return [
        pytest.param(method.upper(), path, operation, id=f"{method.upper()} {path}")
        for path, by_method in SCHEMA["paths"].items()
        for method, operation in by_method.items()
        if keep(path, operation)
    ]


ALL_OPERATIONS = operations(lambda path, operation: True)
WITH_PATH_PARAMETERS = operations(lambda path, operation: "{" in path)
WITH_TEXT_INPUT = operations(lambda path, operation: takes_text(operation))
WITH_BODY_TEXT = operations(lambda path, operation: takes_text({**operation, "parameters": []}))


@pytest.fixture
def event():
    event = EventFactory(slug="hostile-event")
    RegistrationFactory(event=event)
    return event


def test_the_routes_are_found():
    assert len(WITH_PATH_PARAMETERS) >= 10 and len(WITH_TEXT_INPUT) >= 5


@pytest.mark.parametrize("method,path,operation", WITH_PATH_PARAMETERS)
def test_every_api_route_answers_404_for_a_nul_in_its_path(organiser_client, event, method, path, operation):
    response = call(organiser_client, method, path, operation, path_value=lambda kind: NUL, text="Айгерім")

    assert response.status_code == 404, response.content
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("text", [NUL, "a\x1bb"], ids=["nul", "escape"])
@pytest.mark.parametrize("method,path,operation", WITH_TEXT_INPUT)
def test_every_api_route_answers_422_for_a_control_character_in_its_input(
    organiser_client, event, method, path, operation, text
):
    assert_refused(organiser_client, event, method, path, operation, text)


@pytest.mark.parametrize("method,path,operation", WITH_BODY_TEXT)
def test_every_api_route_answers_422_for_a_lone_surrogate_in_its_body(organiser_client, event, method, path, operation):
    # "\ud800" is valid JSON but no database can store it (nor can a URL carry it).
    assert_refused(organiser_client, event, method, path, operation, "a\ud800b")


def assert_refused(client, event, method, path, operation, text):
    response = call(
        client,
        method,
        path,
        operation,
        path_value=lambda kind: 1 if kind == "integer" else event.slug,
        text=text,
    )

    assert response.status_code == 422, response.content
    assert response.json()["code"] == "control_characters"
    assert response.json()["message"] == CONTROL_MESSAGE


@pytest.mark.parametrize("method,path,operation", ALL_OPERATIONS)
def test_every_api_route_survives_nul_everywhere_for_anyone(client, event, method, path, operation):
    response = call(client, method, path, operation, path_value=lambda kind: NUL, text=NUL)

    if "{" in path or takes_text(operation):
        assert response.status_code in (401, 403, 404, 422), response.content
    else:  # nothing of the request carries the NUL
        assert response.status_code in (200, 401, 403), response.content


def test_the_api_error_is_in_the_request_language(client, event):
    client.cookies["django_language"] = "kk"

    response = client.post(
        f"/api/events/{event.slug}/registrations",
        json.dumps({"full_name": "Ай\x00гүл", "phone": "+77011234567", "consent": True}),
        content_type="application/json",
    )

    assert response.status_code == 422
    with translation.override("kk"):
        message = gettext(CONTROL_MESSAGE)
    assert response.json() == {
        "code": "control_characters",
        "message": message,
        "errors": [{"field": "full_name", "message": message, "type": "control_characters"}],
    }


def test_a_json_body_sent_as_text_is_checked_too(volunteer_client, event):
    response = volunteer_client.post(
        "/api/checkin", json.dumps({"code": NUL, "event": event.slug}), content_type="text/plain"
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["code"]


def test_tabs_and_line_breaks_in_json_pass(client, event):
    response = client.post(
        f"/api/events/{event.slug}/registrations",
        json.dumps({"full_name": "Айгерім\tСәрсенова\r\n", "phone": "+77011234567", "consent": True}),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert event.registrations.get(phone="+77011234567").full_name == "Айгерім Сәрсенова"


# --- Control characters: the HTML pages -----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/t/a%00b",
        "/t/a%00b/ticket.pdf",
        "/t/a%00b/qr.png",
        "/t/a%00b/certificate.pdf",
        "/verify/a%00b",
        "/feedback/a%00b/",
        "/feedback/a%00b",
        "/events/a%00b/",
        "/events/a%00b/register/",
        "/t/a%1bb",
    ],
)
def test_a_control_character_in_a_page_path_is_404(client, event, url):
    assert client.get(url).status_code == 404
    assert client.post(url, {"full_name": "Айгерім"}).status_code == 404


@pytest.mark.parametrize(
    "url", ["/events/?kind=a%00b", "/events/hostile-event/?x=%00", "/login/?next=%00", "/verify/abc?q=a%1bb"]
)
def test_a_control_character_in_a_page_query_is_400(client, event, url):
    response = client.get(url)

    assert response.status_code == 400
    assert response.content.decode() == CONTROL_MESSAGE


def test_a_nul_in_the_registration_form_is_400_and_registers_nobody(client, event):
    response = client.post(
        reverse("registration:register", args=[event.slug]),
        {"full_name": "Ай\x00гүл", "phone": "+77011234599", "consent": "on"},
    )

    assert response.status_code == 400
    assert response.content.decode() == CONTROL_MESSAGE
    assert event.registrations.count() == 1


@pytest.mark.parametrize("url", ["/manage/", "/api/me"])
def test_a_nul_in_a_cookie_is_400(client, organiser, url):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"

    assert client.get(url).status_code == 400


def test_a_nul_in_the_login_form_is_400(client):
    response = client.post(reverse("login"), {"username": "a\x00b", "password": "x"})

    assert response.status_code == 400


@pytest.mark.parametrize("volunteer_url", ["search", "walk_in"])
def test_a_nul_at_the_door_is_refused(volunteer_client, event, volunteer_url):
    if volunteer_url == "search":
        response = volunteer_client.get(f"/api/events/{event.slug}/attendees", {"q": NUL})
    else:
        response = volunteer_client.post(
            f"/api/events/{event.slug}/walk-ins",
            json.dumps({"full_name": NUL, "phone": "+77011234598"}),
            content_type="application/json",
        )

    assert response.status_code == 422
    assert event.registrations.count() == 1


def test_a_nul_in_an_uploaded_file_name_never_reaches_the_database(organiser_client, event):
    response = organiser_client.post(
        reverse("media_log:photos_upload", args=[event.slug]), {"files": [png_file(10, 10, name="a\x00b.png")]}
    )

    assert response.status_code in (302, 400)
    assert "\x00" not in "".join(MediaItem.objects.values_list("title", flat=True))


# --- Decompression bombs ---------------------------------------------------------------------------


def png_file(width: int, height: int, *, name: str = "bomb.png", mode: str = "1") -> SimpleUploadedFile:
    """A blank PNG: 12000 × 12000 one-bit pixels compress to some 20 kB."""
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def jpeg_file(width: int, height: int, *, name: str = "photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("L", (width, height), 128).save(buffer, format="JPEG", quality=50)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize("size", [(12000, 12000), (8000, 6400)])
def test_a_bomb_posted_as_photos_is_refused_before_decoding(organiser_client, event, settings, size):
    bomb = png_file(*size)
    assert bomb.size < 1_000_000

    response = organiser_client.post(reverse("media_log:photos_upload", args=[event.slug]), {"files": [bomb]})

    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [f"bomb.png: {PIXELS_MESSAGE % {'limit': 50}}"]
    assert MediaItem.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []


def test_a_bomb_as_evidence_is_refused(organiser):
    with pytest.raises(DomainError) as error:
        media.add_evidence(kind="photo", event=None, title="Bomb", file=png_file(12000, 12000), by=organiser)

    assert (error.value.code, error.value.field) == ("too_many_pixels", "file")
    assert error.value.message == PIXELS_MESSAGE % {"limit": 50}


def test_a_phone_camera_photo_of_48_megapixels_is_accepted(organiser, settings):
    items = media.add_photos(event=EventFactory(), files=[jpeg_file(8000, 6000)], by=organiser)

    assert [item.kind for item in items] == ["photo"]
    with Image.open(items[0].thumbnail.path) as thumbnail:
        assert thumbnail.size == (480, 360)


@pytest.mark.parametrize("size", [(12000, 12000), (8000, 6400)])
def test_the_shared_image_validator_refuses_a_bomb(size):
    # validate_image checks speakers' photos and giveaway pictures (and every logo, in the admin too).
    with pytest.raises(ValidationError) as error:
        validate_image(png_file(*size))

    assert (error.value.code, error.value.messages) == ("too_many_pixels", [PIXELS_MESSAGE % {"limit": 50}])


@pytest.mark.parametrize("size", [(12000, 12000), (4200, 4000)])
def test_a_bomb_posted_as_a_logo_is_refused_and_nothing_is_saved(organiser_client, settings, size):
    response = organiser_client.post(reverse("manage:event_create"), {**event_data(), "logo": png_file(*size)})

    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [PIXELS_MESSAGE % {"limit": 16}]
    assert Event.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []


def test_a_logo_of_sensible_size_is_accepted(organiser_client):
    response = organiser_client.post(reverse("manage:event_create"), {**event_data(), "logo": png_file(4000, 4000)})

    assert response.status_code == 302
    assert Event.objects.get().logo


@pytest.mark.parametrize("size", [(12000, 12000), (2100, 2000)])
def test_a_bomb_posted_as_a_signature_is_refused_and_the_act_stays_a_draft(organiser, size):
    act = inventory.create_act(
        kind=ActKind.RECEIPT,
        act_date=date(2026, 3, 12),
        from_holder=None,
        to_holder=WarehouseFactory(),
        giver=inventory.Party("Мұрат Тоқтаров", "Директор", "«Полиграф» ЖШС"),
        receiver=inventory.Party("Айгүл Сейітова", "Үйлестіруші", "«Басқары» қоры"),
        basis="№ 15 шарт",
        lines=[(ItemTypeFactory(), 10)],
        by=organiser,
    )

    with pytest.raises(DomainError) as error:
        inventory.sign_act(
            act=act, giver_signature=png_file(*size).read(), receiver_signature=signature_png(), by=organiser
        )

    assert (error.value.code, error.value.field) == ("bad_signature", "giver_signature")
    assert error.value.message == "The signature image is too large."
    act.refresh_from_db()
    assert act.status == ActStatus.DRAFT
    assert Movement.objects.count() == 0


def test_pillow_refuses_anything_beyond_the_backstop():
    assert Image.MAX_IMAGE_PIXELS == 50_000_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(png_file(12000, 12000).file)
