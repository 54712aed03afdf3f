"""The grant's programme as demo data: the launch presentation, 10 youth sessions, 10 budget
seminars, the conference and the results presentation, dated around today so that part of the
programme is already held (the launch, seven sessions, seven seminars, the conference), the
eighth youth session happens today with its door already open (see `today_start`), and
registration is open for the rest. Idempotent: a second run changes nothing.

What happened at the held events (check-ins, feedback, evidence, kits, acts) belongs to apps
above this one; they add it through steps registered with `register_demo_step`, which
`load_demo` runs after the programme (each step is idempotent too).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from core.roles import GRANTOR, ORGANISER, VOLUNTEER

from .demo_data import (
    CONFERENCE,
    CONFERENCE_SPEAKERS,
    PRESENTATIONS,
    SEMINAR_TOPICS,
    SESSION_BUDGET_TALK,
    SESSION_SPEAKERS,
    VENUES,
    YOUTH_TOPICS,
)
from .models import AgendaItem, Event, EventKind, EventStatus, Speaker, SpeakerApproval, Talk, Venue

DEMO_USERS = [
    ("organiser", "organiser-demo", ORGANISER),
    ("volunteer", "volunteer-demo", VOLUNTEER),
    ("grantor", "grantor-demo", GRANTOR),
]

# Day of each event relative to the day the demo is first loaded: most of the programme is held,
# and the eighth youth session is today.
FIRST_SESSION_DAY = -28
EVENT_SPACING_DAYS = 4
CONFERENCE_DAY = -2
TODAY_SLUG = "youth-session-8"


@dataclass(frozen=True)
class DemoResult:
    events: int
    created_events: int
    users: list[tuple[str, str, str]]
    notes: list[str]


# Steps that apps above this one register (in their AppConfig.ready) to fill in the demo: each
# reads the programme from the database, is idempotent, and returns a line for the command's
# output ("" when it had nothing to do). They run by `order`, then in the order registered.
_DEMO_STEPS: list[tuple[int, Callable[[], str]]] = []


def register_demo_step(step: Callable[[], str], *, order: int = 0) -> None:
    """Run `step` after the programme. A step that builds on what another step made gives a
    larger `order` (the inventory's desk for today's session comes after the giveaways of the
    held events)."""
    if step not in [registered for _order, registered in _DEMO_STEPS]:
        _DEMO_STEPS.append((order, step))


def today_event() -> Event | None:
    """The demo's event that happens today, once the programme is loaded."""
    return Event.objects.filter(slug=TODAY_SLUG).first()


def today_start(day: date) -> datetime:
    """When today's session starts: on the hour, one to two hours from now, so that its door is
    open at once (check-ins are accepted from `Event.checkin_opens_minutes_before`, two hours by
    default, before the start) and registration is still open until it starts. On another day
    (a demo loaded for a given date) it starts at 15:00 like the other sessions."""
    now = timezone.localtime()
    if day != now.date():
        return _at(day, 15)
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=2)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _user(username: str, password: str, role: str) -> None:
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(password)
        user.save()
    user.groups.add(Group.objects.get(name=role))


def _event(
    slug: str,
    kind: str,
    titles: tuple[str, str, str],
    start: datetime,
    hours: int,
    venue: Venue,
    capacity: int,
    description: tuple[str, str, str],
) -> tuple[Event, bool]:
    return Event.objects.get_or_create(
        slug=slug,
        defaults={
            "kind": kind,
            "title_kk": titles[0],
            "title_ru": titles[1],
            "title_en": titles[2],
            "description_kk": description[0],
            "description_ru": description[1],
            "description_en": description[2],
            "start_at": start,
            "end_at": start + timedelta(hours=hours),
            "venue": venue,
            "capacity": capacity,
            "registration_opens_at": start - timedelta(days=30),
            "status": EventStatus.FINISHED if start < timezone.now() else EventStatus.PUBLISHED,
        },
    )


@transaction.atomic
def load_demo(*, today: date | None = None) -> DemoResult:
    """Create the demo users and the grant's programme around `today`, then run the steps the
    other apps registered."""
    today = today or timezone.localdate()
    for username, password, role in DEMO_USERS:
        _user(username, password, role)
    venues = [Venue.objects.get_or_create(name=name, defaults={"address": address})[0] for name, address in VENUES]
    first_day = today + timedelta(days=FIRST_SESSION_DAY)
    created = 0
    sessions = []
    for slug, titles, offset, description in PRESENTATIONS:
        _, was_created = _event(
            slug,
            EventKind.PRESENTATION,
            titles,
            _at(today + timedelta(days=offset), 11),
            2,
            venues[2],
            150,
            description,
        )
        created += was_created
    for n, titles in enumerate(YOUTH_TOPICS, start=1):
        day = first_day + timedelta(days=EVENT_SPACING_DAYS * (n - 1))
        slug = f"youth-session-{n}"
        session, was_created = _event(
            slug,
            EventKind.YOUTH_SESSION,
            titles,
            today_start(day) if slug == TODAY_SLUG else _at(day, 15),
            2,
            venues[0],
            120,
            (
                "Жастарға арналған ақпараттық сессия, жергілікті өзін-өзі басқару органдарының өкілдерімен.",
                "Информационная сессия для молодёжи с представителями органов местного самоуправления.",
                "An information session for youth with representatives of local self-government.",
            ),
        )
        created += was_created
        if was_created:
            sessions.append(session)
    for n, titles in enumerate(SEMINAR_TOPICS, start=1):
        day = first_day + timedelta(days=EVENT_SPACING_DAYS * (n - 1) + 1)
        _, was_created = _event(
            f"budget-seminar-{n}",
            EventKind.BUDGET_SEMINAR,
            titles,
            _at(day, 10),
            3,
            venues[1],
            30,
            (
                "Шымкенттің ЖӨБ органдарымен жергілікті бюджетті қалыптастыру бойынша семинар.",
                "Семинар по формированию местного бюджета с органами МСУ Шымкента.",
                "A seminar on forming the local budget with Shymkent's self-government bodies.",
            ),
        )
        created += was_created
    conference, was_created = _event(
        "conference-2026",
        EventKind.CONFERENCE,
        CONFERENCE,
        _at(today + timedelta(days=CONFERENCE_DAY), 10),
        6,
        venues[2],
        320,
        (
            "Азаматтық қоғам және жергілікті өзін-өзі басқару туралы қалалық конференция.",
            "Городская конференция о гражданском обществе и местном самоуправлении.",
            "A city conference on civil society and local self-government.",
        ),
    )
    created += was_created
    if was_created:
        _conference_programme(conference, approved_on=today + timedelta(days=FIRST_SESSION_DAY - 10))
    if sessions:
        _session_talks(sessions, approved_on=today + timedelta(days=FIRST_SESSION_DAY - 10))
    notes = [step() for _order, step in sorted(_DEMO_STEPS, key=lambda entry: entry[0])]
    return DemoResult(
        events=Event.objects.count(),
        created_events=created,
        users=[(u, p, r) for u, p, r in DEMO_USERS],
        notes=[note for note in notes if note],
    )


def _session_talks(sessions: list[Event], *, approved_on: date) -> None:
    """A talk by a local-government speaker at every session (two at the first)."""
    speakers = [
        Speaker.objects.create(
            full_name=name,
            position=position,
            organisation=organisation,
            approval=approval,
            approved_on=approved_on if approval == SpeakerApproval.APPROVED else None,
            bio_kk=bio[0],
            bio_ru=bio[1],
            bio_en=bio[2],
        )
        for name, position, organisation, approval, bio in SESSION_SPEAKERS
    ]
    for n, session in enumerate(sessions):
        titles = {"title_kk": session.title_kk, "title_ru": session.title_ru, "title_en": session.title_en}
        talk = Talk.objects.create(event=session, speaker=speakers[n % len(speakers)], **titles)
        _session_agenda(session, talk, titles)
    kk, ru, en = SESSION_BUDGET_TALK
    Talk.objects.create(event=sessions[0], speaker=speakers[1], title_kk=kk, title_ru=ru, title_en=en)


def _session_agenda(session: Event, talk: Talk, titles: dict) -> None:
    """A session's two hours: the opening, the talk, then questions and work in groups."""
    start = session.start_at
    parts = [
        (0, 15, {"title_kk": "Ашылу", "title_ru": "Открытие", "title_en": "Opening"}, None),
        (15, 75, titles, talk),
        (75, 120, {"title_kk": "Сұрақ-жауап және топтық жұмыс", "title_ru": "Вопросы и работа в группах",
                   "title_en": "Questions and group work"}, None),
    ]  # fmt: skip
    for begins, ends, names, item_talk in parts:
        item = AgendaItem.objects.create(
            event=session,
            starts_at=start + timedelta(minutes=begins),
            ends_at=start + timedelta(minutes=ends),
            talk=item_talk,
            **names,
        )
        if item_talk:
            item.speakers.add(item_talk.speaker)


def _conference_programme(conference: Event, *, approved_on: date) -> None:
    """The opening, a talk by each speaker (on the agenda, so the page lists it once) and the discussion."""
    start = conference.start_at
    AgendaItem.objects.create(
        event=conference,
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        title_kk="Тіркеу және ашылу",
        title_ru="Регистрация и открытие",
        title_en="Registration and opening",
    )
    slot = start + timedelta(minutes=30)
    for name, position, organisation, topic, bio in CONFERENCE_SPEAKERS:
        speaker = Speaker.objects.create(
            full_name=name,
            position=position,
            organisation=organisation,
            approval=SpeakerApproval.APPROVED,
            approved_on=approved_on,
            bio_kk=bio[0],
            bio_ru=bio[1],
            bio_en=bio[2],
        )
        titles = {"title_kk": topic[0], "title_ru": topic[1], "title_en": topic[2]}
        talk = Talk.objects.create(event=conference, speaker=speaker, **titles)
        item = AgendaItem.objects.create(
            event=conference, starts_at=slot, ends_at=slot + timedelta(minutes=40), talk=talk, **titles
        )
        item.speakers.add(speaker)
        slot += timedelta(minutes=45)
    AgendaItem.objects.create(
        event=conference,
        starts_at=slot,
        ends_at=slot + timedelta(minutes=60),
        title_kk="Пікірталас және ұсыныстар",
        title_ru="Дискуссия и рекомендации",
        title_en="Discussion and recommendations",
    )
