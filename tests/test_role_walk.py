"""Every page as every role, on the demo's data (`make run`): each URL pattern of the project,
resolved with sample arguments taken from the demo, is opened with GET as an anonymous visitor,
as participants through their ticket links (confirmed, waitlisted, cancelled, attended), and
as the demo's volunteer, organiser and grantor, in Kazakh.

No answer may be a server error; every page, a refusal included, must be the site's own (its
header, in the reader's language), never a bare "403 Forbidden"; and no page in Kazakh may show
English: none of the catalogue's English messages of two words or more appears in its text. Django's admin
is left out: it is Django's own interface, for administrators.

The demo is loaded once for the module (it takes seconds) and flushed afterwards, which
rebuilds the roles (post_migrate) as a fresh database has them.
"""

import html
import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from config.celery import app as celery_app
from core.services import issue_api_token
from documents.certificates import issue_certificate
from documents.models import Certificate
from events.models import AgendaItem, Event, EventStatus, Speaker, Talk, Venue
from inventory.models import (
    ActKind,
    ActStatus,
    Holder,
    HolderKind,
    ItemType,
    Kit,
    Movement,
    MovementKind,
    StockBalance,
    TransferAct,
)
from media_log.models import MediaItem
from monitoring import report
from monitoring.models import EvidenceFiling, GrantItem, GrantPlan, Indicator
from registration.models import Registration, RegistrationStatus, Role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
TODAY, HELD, FULL = "youth-session-8", "conference-2026", "budget-seminar-8"
ROLES = ["anonymous", "participant", "volunteer", "organiser", "grantor"]


# --- The catalogue's English -------------------------------------------------------------------


def _po_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) of each entry of a .po file (plural forms: the singular and its first form)."""
    entries, current, key = [], {}, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line or line.startswith("#"):
            if current.get("msgid"):
                entries.append((current["msgid"], current.get("msgstr", "")))
            if not line:
                current, key = {}, None
            continue
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d+\]|msgctxt)\s+"(.*)"$', line)
        if match:
            key = {"msgstr[0]": "msgstr"}.get(match[1], match[1])
            current[key] = current.get(key, "") + _unquote(match[2])
        elif line.startswith('"') and key:
            current[key] = current.get(key, "") + _unquote(line[1:-1])
    unique = {}
    for msgid, msgstr in entries:
        unique.setdefault(msgid, msgstr)
    return list(unique.items())


def _unquote(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|\{\w*\}")


def english_phrases() -> list[str]:
    """The English texts that a Kazakh page must not show: every msgid of the Kazakh catalogue
    with at least two words whose Kazakh differs from it, and of a msgid with placeholders each
    literal part of at least three words."""
    phrases = set()
    for msgid, msgstr in _po_entries(ROOT / "locale" / "kk" / "LC_MESSAGES" / "django.po"):
        if msgstr == msgid:
            continue
        parts = PLACEHOLDER.split(msgid)
        least = 2 if len(parts) == 1 else 3
        for part in parts:
            part = " ".join(part.split()).strip(" .,:;—–-")
            if len(part.split()) >= least and re.search(r"[A-Za-z]{2}", part):
                phrases.add(part)
    return sorted(phrases, key=len, reverse=True)


TAGS = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->", re.S | re.I)
ATTRIBUTES = re.compile(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"')


def visible_text(page: str) -> str:
    """The page's text as a reader meets it: the words between tags and the attributes read out
    or shown on hover, entities decoded, spaces collapsed."""
    page = TAGS.sub(" ", page)
    attributes = " ".join(ATTRIBUTES.findall(page))
    text = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(f"{text} {attributes}").split())


# --- The demo and the URLs walked ----------------------------------------------------------------


@dataclass
class Demo:
    media: Path
    private: Path
    args: dict[str, object] = field(default_factory=dict)
    tickets: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media, private = tmp_path_factory.mktemp("walk-media"), tmp_path_factory.mktemp("walk-private")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    with override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private), django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_grant_plan", stdout=io.StringIO())
        result = Demo(media, private, _sample_args(), _tickets())
    celery_app.conf.task_always_eager = eager
    yield result
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _tickets() -> dict[str, str]:
    """The participants whose ticket links are walked, by what their ticket says."""
    registrations = Registration.objects.order_by("pk")
    attended = registrations.attended().filter(event__slug=HELD).first()
    issue_certificate(registration=attended)
    return {
        "confirmed": registrations.filter(event__slug=TODAY, status=RegistrationStatus.CONFIRMED).first().code,
        "waitlisted": registrations.filter(status=RegistrationStatus.WAITLISTED).first().code,
        "cancelled": registrations.filter(status=RegistrationStatus.CANCELLED).first().code,
        "attended": attended.code,
    }


def _sample_args() -> dict[str, object]:
    """Path arguments by URL name ("namespace:name"), or by argument name for the rest."""
    organiser = get_user_model().objects.get(username="organiser")
    plan = GrantPlan.objects.get()
    job = report.start_grant_report(plan=plan, file_format="xlsx", language="kk", by=organiser)
    filing = EvidenceFiling.objects.select_related("indicator").first()
    signed = TransferAct.objects.filter(status=ActStatus.SIGNED).order_by("pk").first()
    draft = TransferAct.objects.filter(status=ActStatus.DRAFT).first()
    today = Event.objects.get(slug=TODAY)
    registration = Registration.objects.filter(event=today).order_by("pk").first()
    people = Indicator.objects.filter(plan=plan, code="IV.1").get()
    return {
        "pk": {
            "inventory:item_edit": ItemType.objects.first().pk,
            "inventory:holder_edit": Holder.objects.first().pk,
            "inventory:act_edit": draft.pk,
            "inventory:act_sign": draft.pk,
            "inventory:act_discard": draft.pk,
            "jobs": job.pk,
            "tokens:revoke": 1,
            "monitoring:people": people.pk,
            "monitoring:item_types": GrantItem.objects.first().pk,
            "monitoring:report_job": job.pk,
            "monitoring:report_download": job.pk,
            "monitoring:unfile_evidence": filing.indicator_id,
            "monitoring": people.pk,
            "inventory": signed.pk,
            "media_log": MediaItem.objects.exclude(file="").first().pk,
            "registration_manage": registration.pk,
            "manage:talk_edit": Talk.objects.first().pk,
            "manage:talk_delete": Talk.objects.first().pk,
            "manage:agenda_edit": AgendaItem.objects.first().pk,
            "manage:agenda_delete": AgendaItem.objects.first().pk,
            "manage:venue_edit": Venue.objects.first().pk,
            "manage": Speaker.objects.first().pk,
        },
        "item": filing.item_id,
        "act": signed.pk,
        "job_id": job.pk,
        "kind": "receipt",
        "file_format": "xlsx",
        "party": "giver",
        "field": "cv",
        "path": MediaItem.objects.exclude(file="").first().file.name,
        "code": None,  # the ticket links, per participant; verify/ gets a certificate's code
    }


def _patterns(resolver=None, prefix="", namespace=""):
    """(route, "namespace:name", argument names) of every URL pattern but the admin's."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield prefix + str(entry.pattern), name, list(entry.pattern.regex.groupindex)


def _value(name: str, argument: str, args: dict):
    sample = args[argument]
    if not isinstance(sample, dict):
        return sample
    for key in (name, name.split(":")[0]):
        if key in sample:
            return sample[key]
    raise KeyError(f"no sample {argument} for {name}: add one to _sample_args")


def urls_for(role: str, demo: Demo) -> list[str]:
    """Every URL the role is walked through: each pattern with the demo's sample arguments; an
    event's pages for today's session, a held event and a full one; ticket pages for each
    participant. Participants walk only their ticket links (everything else is the anonymous walk)."""
    urls, verify = [], Certificate.objects.first().verify_code
    for _route, name, arguments in _patterns():
        kwargs = [{}]
        if "slug" in arguments:
            kwargs = [{"slug": slug} for slug in (TODAY, HELD, FULL)]
        if "code" in arguments:
            codes = [verify] if name == "documents:verify" else list(demo.tickets.values())
            kwargs = [{**each, "code": code} for each in kwargs for code in codes]
        for each in kwargs:
            for argument in arguments:
                if argument not in each:
                    each[argument] = _value(name, argument, demo.args)
            url = reverse(name, kwargs=each)
            is_ticket = "code" in arguments and name != "documents:verify"
            if (role == "participant") == is_ticket:
                urls.append(url)
    return urls


def _client(role: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="kk")
    client.cookies["django_language"] = "kk"
    if role in ("volunteer", "organiser", "grantor"):
        client.force_login(get_user_model().objects.get(username=role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_page_works_for_every_role_in_kazakh(role, demo, settings):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = demo.media, demo.private
    client, phrases = _client(role), english_phrases()
    errors, bare, english, seen = [], [], [], 0

    for url in urls_for(role, demo):
        response = client.get(url)
        seen += 1
        if response.status_code >= 500:
            errors.append(f"{response.status_code} {url}")
        if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
            continue
        page = response.content.decode()
        # Every page has the site's header; the API's documentation (/api/docs) is the API's own.
        shown = response.status_code in (200, 403, 404)
        if shown and 'class="topbar"' not in page and not url.startswith("/api/"):
            bare.append(f"{response.status_code} {url}")
        if shown:
            text = visible_text(page)
            found = [phrase for phrase in phrases if phrase in text]
            if found:
                english.append(f"{url}: {found[:3]}")

    assert seen > (20 if role == "participant" else 100)
    assert errors == [], "\n".join(errors)
    assert bare == [], "\n".join(bare)
    assert english == [], "\n".join(english)


def test_the_walk_covers_every_url_pattern_but_the_admin(demo):
    walked = {url for role in ROLES for url in urls_for(role, demo)}
    names = {name for _route, name, _arguments in _patterns()}

    assert "events:speakers" in names and "monitoring:report_download" in names
    assert reverse("events:speakers") in walked
    assert reverse("registration:ticket_pdf", args=[demo.tickets["waitlisted"]]) in walked
    assert not any(url.startswith("/admin/") for url in walked)


def test_the_check_finds_english_on_a_kazakh_page():
    phrases = english_phrases()
    page = "<main><h1>Билет</h1><p>Show this QR code at the entrance.</p><script>var a = 'Log in';</script></main>"

    found = [phrase for phrase in phrases if phrase in visible_text(page)]

    assert "Show this QR code at the entrance" in found
    assert "Log in" not in found  # a script's strings are not read by anyone


# --- What the demo shows (`make run`) ----------------------------------------------------------

EMPTY_STATES = re.compile(r"\bNo [^.<]* yet\b|Nothing in stock yet|Nothing entered yet")
MODULE_PAGES = [
    "/events/",
    f"/events/{TODAY}/",
    f"/events/{HELD}/",
    "/events/speakers/",
    "/manage/",
    "/manage/venues/",
    "/manage/speakers/",
    f"/manage/events/{TODAY}/programme/",
    f"/manage/events/{HELD}/programme/",
    f"/manage/registration/{TODAY}/",
    f"/manage/registration/{FULL}/?status=waitlisted",
    f"/events/{TODAY}/checkin/",
    "/manage/tokens/",
    "/manage/inventory/",
    "/manage/inventory/movements/",
    "/manage/inventory/items/",
    "/manage/inventory/holders/",
    "/manage/inventory/acts/",
    "/manage/inventory/kits/",
    f"/manage/inventory/kits/{TODAY}/",
    f"/manage/inventory/kits/{HELD}/",
    "/manage/inventory/report/",
    "/manage/media/",
    f"/manage/media/photos/{HELD}/",
    "/manage/media/feedback/",
    "/monitoring/",
    "/monitoring/events/",
    "/monitoring/reports/",
]


def test_the_demo_puts_something_real_on_every_page_of_every_module(demo, settings):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = demo.media, demo.private
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(get_user_model().objects.get(username="organiser"))

    empty = {}
    for url in MODULE_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := EMPTY_STATES.findall(visible_text(response.content.decode())):
            empty[url] = found

    assert empty == {}


def test_the_demo_has_an_event_today_whose_door_is_open(demo):
    event, now = Event.objects.get(slug=TODAY), timezone.now()
    came = Registration.objects.filter(event=event).attended().count()
    waiting = (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED, role=Role.PARTICIPANT)
        .exclude(pk__in=Registration.objects.filter(event=event).attended())
        .first()
    )
    token = issue_api_token(username="volunteer", device="walk")

    response = Client().post(
        "/api/checkin",
        {"code": waiting.code, "event": TODAY},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert event.status == EventStatus.PUBLISHED
    assert event.start_at - timedelta(minutes=event.checkin_opens_minutes_before) <= now < event.start_at
    assert event.start_at <= now + timedelta(hours=2) and event.is_registration_open(now)
    assert came >= 10
    assert response.status_code == 200 and response.json()["result"] == "ok"


def test_the_demo_has_a_full_event_with_a_waitlist(demo, client):
    event = Event.objects.get(slug=FULL)
    places = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED, role=Role.PARTICIPANT)
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)

    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert places.count() == event.capacity
    assert sorted((bool(r.email), bool(r.phone)) for r in waiting) == [(False, False), (False, True), (True, True)]
    assert "The event is full." in page


def test_the_demo_inventory_tells_the_story(demo, settings):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = demo.media, demo.private
    today, held = Event.objects.get(slug=TODAY), Event.objects.get(slug=HELD)
    receipt = TransferAct.objects.get(kind=ActKind.RECEIPT, status=ActStatus.SIGNED)
    desk = Holder.objects.get(kind=HolderKind.DESK, event=today)

    assert receipt.giver_organisation == "ЖШС «Полиграф Шымкент»"
    assert set(receipt.lines.values_list("item__name_en", flat=True)) == {
        "Medal with the logo",
        "Portfolio with the logo",
        "Flash drive 16 GB",
        "Notebook A5",
    }
    for signature in (receipt.giver_signature, receipt.receiver_signature):
        with signature.open("rb") as png:
            assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    assert StockBalance.objects.filter(holder=desk, quantity__gt=0).count() == 3
    assert set(Kit.objects.filter(event=today).values_list("role", flat=True)) == {
        "participant",
        "speaker",
        "volunteer",
    }
    assert Kit.objects.filter(event=held).count() == 4
    assert Movement.objects.filter(kind=MovementKind.HANDOUT, registration__event=held).exists()
    assert Movement.objects.filter(kind=MovementKind.HANDOUT, registration__event=today).count() == 2 * 4
    assert TransferAct.objects.filter(status=ActStatus.DRAFT).count() == 1
    assert Holder.objects.filter(kind=HolderKind.PERSON).exists()
    assert not ItemType.objects.filter(photo="").exclude(name_kk="Әріптер").exists()
