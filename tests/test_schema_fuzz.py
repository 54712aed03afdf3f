"""A schema fuzz run: schemathesis sends every API operation inputs drawn from /api/openapi.json,
valid and invalid, as a logged-in organiser (a device token) against a test database with a
few events and registrations, and fails on any 5xx or on an answer the schema does not declare.

Bounded and deterministic (`derandomize`): the same cases on every run, about 20 seconds on two
cores. `pytest -m fuzz` runs only this; `pytest -m "not fuzz"` skips it.
"""

import os

import pytest
import schemathesis
from django.contrib.auth.models import Group, User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from core.services import issue_api_token
from inventory import services as inventory
from registration.models import CheckIn, RegistrationStatus
from tests.factories import EventFactory, RegistrationFactory
from tests.inventory.factories import DeskFactory, ItemTypeFactory, KitFactory, KitItemFactory

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

# CI's budget; FUZZ_EXAMPLES=1000 digs deeper on a laptop (still deterministic).
EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "100"))
EVENT_SLUGS = ["fuzz-conference", "fuzz-seminar"]
# Fixed ticket codes (24 characters, as issued): confirmed, checked in, waitlisted.
TICKET_CODES = ["fuzzConfirmed00000000001", "fuzzCheckedIn00000000001", "fuzzWaitlisted0000000001"]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Most paths name an event that exists, so that the fuzzer gets past the 404."""
    if not path_parameters or "slug" not in path_parameters:
        return st.just(path_parameters)
    return st.sampled_from([*EVENT_SLUGS, path_parameters["slug"]]).map(lambda slug: {**path_parameters, "slug": slug})


@schema.hook
def flatmap_body(context, body):
    """Most check-ins and handouts name a real ticket and event, so that the services run to the end."""
    if not isinstance(body, dict) or not isinstance(body.get("code"), str) or not isinstance(body.get("event"), str):
        return st.just(body)
    codes = st.sampled_from([*TICKET_CODES, body["code"]])
    events = st.sampled_from([*EVENT_SLUGS, body["event"]])
    return st.tuples(codes, events).map(lambda pair: {**body, "code": pair[0], "event": pair[1]})


@pytest.fixture
def organiser_token():
    """Two events, one with a confirmed, a checked-in and a waitlisted ticket and a handout desk
    with 2 kits in stock, and an organiser's token."""
    user = User.objects.create(username="fuzz-organiser")
    user.groups.add(Group.objects.get(name="organiser"))
    conference = EventFactory(slug=EVENT_SLUGS[0], capacity=3)
    EventFactory(slug=EVENT_SLUGS[1])
    confirmed, checked_in, waitlisted = TICKET_CODES
    RegistrationFactory(event=conference, code=confirmed, full_name="Әлия Нұрова")
    CheckIn.objects.create(registration=RegistrationFactory(event=conference, code=checked_in), checked_in_by=user)
    RegistrationFactory(event=conference, code=waitlisted, status=RegistrationStatus.WAITLISTED)
    desk = DeskFactory(event=conference)
    kit = KitFactory(event=conference, role="participant")
    for item in (ItemTypeFactory(), ItemTypeFactory()):
        KitItemFactory(kit=kit, item=item)
        inventory.receive_stock(item=item, to_holder=desk, quantity=2, supplier="Fuzz", by=user)
    # As Django's test client does: a request's start and end must not close the connection
    # that holds the test's transaction (schemathesis calls the WSGI application itself).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield issue_api_token(username=user.username, device="fuzz")
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_answers_as_declared(case, organiser_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {organiser_token}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
