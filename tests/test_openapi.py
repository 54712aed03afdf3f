"""The API's own description is true: /api/openapi.json declares the answers each operation
gives, with the error schemas of config/api.py, and a sample of real calls gets only
declared answers whose bodies match the declared schemas."""

import json

import jsonschema_rs
import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from core.services import issue_api_token
from registration.models import CheckIn
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

# The operations whose service may raise DomainError (409), found by reading them: registering
# (duplicate, closed, consent), a walk-in (duplicate, full), every job start (too many jobs in
# progress; badges and certificates: nobody to print for) and a handout (out of stock, not
# checked in…). A check-in's refusals are results, not errors.
RAISE_DOMAIN_ERRORS = {
    ("POST", "/api/events/{slug}/registrations"),
    ("POST", "/api/events/{slug}/walk-ins"),
    ("POST", "/api/events/{slug}/badges"),
    ("POST", "/api/events/{slug}/certificates"),
    ("POST", "/api/events/{slug}/participant-list"),
    ("POST", "/api/inventory/handouts"),
}
JOB_STARTS = ["/api/events/{slug}/badges", "/api/events/{slug}/certificates", "/api/events/{slug}/participant-list"]
ERROR_OUT = "#/components/schemas/ErrorOut"
VALIDATION_ERROR_OUT = "#/components/schemas/ValidationErrorOut"


@pytest.fixture
def openapi():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(openapi):
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def schema_ref(operation, status: int) -> str:
    return operation["responses"][str(status)]["content"]["application/json"]["schema"]["$ref"]


def component(openapi, ref: str) -> dict:
    return openapi["components"]["schemas"][ref.rsplit("/", 1)[1]]


def parameters(operation, where: str) -> list[str]:
    return [p["name"] for p in operation.get("parameters", []) if p["in"] == where]


# --- What every operation declares --------------------------------------------------------------


def test_protected_operations_declare_401_and_public_ones_do_not(openapi):
    for method, path, operation in operations(openapi):
        if operation.get("security"):
            assert schema_ref(operation, 401) == ERROR_OUT, (method, path)
        else:
            assert "401" not in operation["responses"], (method, path)


def test_operations_with_a_body_or_parameters_declare_422_with_field_errors(openapi):
    for method, path, operation in operations(openapi):
        if "requestBody" in operation or operation.get("parameters"):
            assert schema_ref(operation, 422) == VALIDATION_ERROR_OUT, (method, path)
        else:
            assert "422" not in operation["responses"], (method, path)


def test_operations_with_a_path_parameter_declare_404(openapi):
    for method, path, operation in operations(openapi):
        if parameters(operation, "path"):
            assert schema_ref(operation, 404) == ERROR_OUT, (method, path)


def test_operations_with_a_body_declare_400_for_one_that_is_not_json(openapi):
    for method, path, operation in operations(openapi):
        if "requestBody" in operation:
            assert schema_ref(operation, 400) == ERROR_OUT, (method, path)


def test_exactly_the_operations_that_may_break_a_rule_declare_409(openapi):
    declaring = {(method, path) for method, path, operation in operations(openapi) if "409" in operation["responses"]}

    assert declaring == RAISE_DOMAIN_ERRORS
    for method, path in RAISE_DOMAIN_ERRORS:
        conflict = component(openapi, schema_ref(openapi["paths"][path][method.lower()], 409))
        assert {"code", "message", "field"} <= set(conflict["properties"]), (method, path)


def test_every_error_answer_is_code_and_message(openapi):
    for method, path, operation in operations(openapi):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                schema = component(openapi, response["content"]["application/json"]["schema"]["$ref"])
                assert {"code", "message"} <= set(schema["required"]), (method, path, status)


def test_the_field_errors_schema_is_what_config_api_writes(openapi):
    validation = component(openapi, VALIDATION_ERROR_OUT)
    field_error = component(openapi, validation["properties"]["errors"]["items"]["$ref"])

    assert validation["required"] == ["code", "message", "errors"]
    assert field_error["required"] == ["field", "message", "type"]


def test_phone_inputs_describe_the_accepted_format(openapi):
    schemas = openapi["components"]["schemas"]

    for name in ("RegistrationIn", "WalkInIn"):
        phone = schemas[name]["properties"]["phone"]
        assert "Kazakhstan numbers in any usual format" in phone["description"], name
        assert "+998 90 123 45 67" in phone["description"] and "E.164" in phone["description"], name
        assert phone["maxLength"] == 30
    assert "phone" in schemas["RegistrationIn"]["required"]
    assert "phone" not in schemas["WalkInIn"].get("required", [])


def test_job_starts_accept_an_empty_body(openapi):
    for path in JOB_STARTS:
        operation = openapi["paths"][path]["post"]
        body = component(openapi, operation["requestBody"]["content"]["application/json"]["schema"]["allOf"][0]["$ref"])
        assert operation["requestBody"]["required"] is False, path
        assert "required" not in body, path


def test_the_api_description_names_the_error_contract(openapi):
    description = openapi["info"]["description"]

    for words in ("`{code, message}`", "401", "409", "422", "413", "`server_error`"):
        assert words in description


# --- What real calls answer ----------------------------------------------------------------------


@pytest.fixture
def world():
    """An event with one confirmed registration and one checked in, and another with nobody
    checked in."""
    event = EventFactory(slug="budget-2030")
    waiting = RegistrationFactory(event=event, full_name="Әлия Нұрова", phone="+77011111111")
    attended = RegistrationFactory(event=event, full_name="Бауыржан Оспанов")
    CheckIn.objects.create(registration=attended, checked_in_by=User.objects.create(username="door"))
    EventFactory(slug="empty-2030")
    return {"waiting": waiting, "attended": attended}


def device_token(role: str) -> str:
    """A token of a new user in the group `role` (no password: hashing one is slow)."""
    user = User.objects.create(username=f"{role}-device")
    user.groups.add(Group.objects.get(name=role))
    return issue_api_token(username=user.username)


NEW_PERSON = {"full_name": "Айгерім Сәрсенова", "phone": "8 701 123 45 67", "consent": True}
# (who, method, operation's path, the path called, body, status). `who` is a role, calling
# with a device token, or "anonymous" (a browser without a session, enforcing CSRF like a real one).
# "{waiting}" / "{attended}" in a body stand for those registrations' ticket codes.
SAMPLES = [
    ("anonymous", "GET", "/api/me", "/api/me", None, 401),
    ("volunteer", "GET", "/api/me", "/api/me", None, 200),
    ("organiser", "GET", "/api/jobs/{job_id}", "/api/jobs/first", None, 422),
    ("organiser", "GET", "/api/jobs/{job_id}", "/api/jobs/999999", None, 404),
    ("volunteer", "GET", "/api/jobs/{job_id}", "/api/jobs/1", None, 403),
    ("anonymous", "GET", "/api/events", "/api/events", None, 200),
    ("anonymous", "GET", "/api/events", "/api/events?kind=concert", None, 422),
    ("anonymous", "GET", "/api/events/{slug}", "/api/events/budget-2030", None, 200),
    ("anonymous", "GET", "/api/events/{slug}", "/api/events/no-such-event", None, 404),
    ("anonymous", "POST", "/api/events/{slug}/registrations", "/api/events/budget-2030/registrations", NEW_PERSON, 201),
    (
        "anonymous",
        "POST",
        "/api/events/{slug}/registrations",
        "/api/events/budget-2030/registrations",
        {**NEW_PERSON, "phone": "+7 701 111 11 11"},
        409,
    ),
    (
        "anonymous",
        "POST",
        "/api/events/{slug}/registrations",
        "/api/events/budget-2030/registrations",
        {**NEW_PERSON, "phone": "12345"},
        422,
    ),
    (
        "anonymous",
        "POST",
        "/api/events/{slug}/registrations",
        "/api/events/budget-2030/registrations",
        {**NEW_PERSON, "website": "http://spam.example"},
        400,
    ),
    ("anonymous", "POST", "/api/events/{slug}/registrations", "/api/events/budget-2030/registrations", "{", 400),
    ("anonymous", "POST", "/api/events/{slug}/registrations", "/api/events/no-such/registrations", NEW_PERSON, 404),
    ("anonymous", "POST", "/api/checkin", "/api/checkin", {"code": "{waiting}", "event": "budget-2030"}, 401),
    ("grantor", "POST", "/api/checkin", "/api/checkin", {"code": "{waiting}", "event": "budget-2030"}, 403),
    ("volunteer", "POST", "/api/checkin", "/api/checkin", {"code": "{waiting}", "event": "budget-2030"}, 200),
    ("volunteer", "POST", "/api/checkin", "/api/checkin", {"code": "{waiting}", "event": "no-such-event"}, 404),
    ("volunteer", "POST", "/api/checkin", "/api/checkin", {}, 422),
    ("anonymous", "GET", "/api/events/{slug}/attendees", "/api/events/budget-2030/attendees", None, 401),
    ("volunteer", "GET", "/api/events/{slug}/attendees", "/api/events/budget-2030/attendees?q=Әлия", None, 200),
    ("grantor", "GET", "/api/events/{slug}/attendees", "/api/events/budget-2030/attendees?q=Әлия", None, 403),
    ("volunteer", "GET", "/api/events/{slug}/stats", "/api/events/budget-2030/stats", None, 200),
    ("volunteer", "GET", "/api/events/{slug}/stats", "/api/events/no-such-event/stats", None, 404),
    (
        "volunteer",
        "POST",
        "/api/events/{slug}/walk-ins",
        "/api/events/budget-2030/walk-ins",
        {"full_name": "Әлия Нұрова", "phone": "87011111111"},
        409,
    ),
    ("volunteer", "POST", "/api/events/{slug}/walk-ins", "/api/events/budget-2030/walk-ins", {"full_name": "Ә"}, 422),
    ("organiser", "POST", "/api/events/{slug}/badges", "/api/events/budget-2030/badges", None, 202),
    ("organiser", "POST", "/api/events/{slug}/badges", "/api/events/budget-2030/badges", {"layout": "a5"}, 422),
    ("volunteer", "POST", "/api/events/{slug}/badges", "/api/events/budget-2030/badges", None, 403),
    ("organiser", "POST", "/api/events/{slug}/certificates", "/api/events/empty-2030/certificates", None, 409),
    ("organiser", "POST", "/api/events/{slug}/participant-list", "/api/events/budget-2030/participant-list", None, 202),
    ("organiser", "POST", "/api/events/{slug}/participant-list", "/api/events/no-such/participant-list", None, 404),
    (
        "organiser",
        "POST",
        "/api/inventory/handouts",
        "/api/inventory/handouts",
        {"code": "{attended}", "event": "budget-2030"},
        409,
    ),
    ("organiser", "GET", "/api/inventory/events/{slug}/desk", "/api/inventory/events/budget-2030/desk", None, 200),
    ("organiser", "GET", "/api/inventory/events/{slug}/desk", "/api/inventory/events/no-such/desk", None, 404),
    ("grantor", "GET", "/api/monitoring/indicators", "/api/monitoring/indicators", None, 200),
    ("volunteer", "GET", "/api/monitoring/indicators", "/api/monitoring/indicators", None, 403),
    ("anonymous", "GET", "/api/monitoring/indicators", "/api/monitoring/indicators", None, 401),
]


def call(world, who: str, method: str, url: str, body):
    headers = {} if who == "anonymous" else {"HTTP_AUTHORIZATION": f"Bearer {device_token(who)}"}
    client = Client(enforce_csrf_checks=True)
    if method == "GET":
        return client.get(url, **headers)
    if isinstance(body, dict):
        text = json.dumps(body)
        for name in ("waiting", "attended"):
            text = text.replace(f"{{{name}}}", world[name].code)
        body = text
    return client.post(url, body or "", content_type="application/json", **headers)


@pytest.mark.parametrize(
    "who, method, path, url, body, status", SAMPLES, ids=[f"{s[1]} {s[3]} as {s[0]} -> {s[5]}" for s in SAMPLES]
)
def test_real_answers_are_declared_and_match_their_schema(openapi, world, who, method, path, url, body, status):
    operation = openapi["paths"][path][method.lower()]

    response = call(world, who, method, url, body)

    assert response.status_code == status, response.content
    assert str(status) in operation["responses"]
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    validator = jsonschema_rs.Draft202012Validator({**schema, "components": openapi["components"]})
    assert [error.message for error in validator.iter_errors(response.json())] == []
