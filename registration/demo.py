"""The demo's registrations for what is still to come: today's youth session, whose door is
open (people registered, a few already checked in, one who cancelled), and a budget seminar
that is full, with three people on its waitlist (one with an email, one with only a phone, one
with neither), so the event page, the registration form and the waitlisted tickets show it.

A step of `events.demo.load_demo` (registered in RegistrationConfig.ready). The held events'
attendance belongs to the monitoring step. Rows are written in bulk, as an import would, so no
ticket email is sent; it runs once: when today's session already has attendees it changes nothing.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.services import issue_api_token
from events.demo import today_event
from events.models import Event

from .models import CheckIn, District, Registration, RegistrationStatus, Role, Source

FULL_EVENT_SLUG = "budget-seminar-8"
FIRST_NAMES = "Айгерім Нұрлан Дана Ержан Мадина Арман Әсел Бауыржан Жансая Дәурен Аружан Санжар".split()
SURNAMES = "Серікбаев Ахметов Оспанов Исаев Рахымов Байжанов Дүйсенов Қалиев Мамыров Әлімов Төлеуов".split()
SCHOOLS = ["№ 12 мектеп-гимназия", "М. Әуезов атындағы ОҚУ", "Шымкент университеті", "№ 7 колледж", ""]
DISTRICTS = [value for value, _label in District.choices]
TODAY_PARTICIPANTS = 42
CHECKED_IN_ALREADY = 9
STAFF = [
    ("Айдана Жолдасова", Role.VOLUNTEER),
    ("Бекзат Нұрманов", Role.VOLUNTEER),
    ("Сәуле Тоқтарова", Role.PRESS),
]
# The waitlist of the full seminar: (name, phone, email) in the order they signed up.
WAITING = [
    ("Қалиева Томирис", "+77059000001", "tomiris@example.kz"),
    ("Ахметов Ерасыл", "+77059000002", ""),
    ("Исаева Інжу", "", ""),
]


def _name(n: int) -> str:
    first = FIRST_NAMES[n % len(FIRST_NAMES)]
    surname = SURNAMES[(n * 7) % len(SURNAMES)]
    # Women's surnames take -а: Серікбаева Айгерім.
    return f"{surname}а {first}" if n % 2 == 0 else f"{surname} {first}"


def _person(event: Event, full_name: str, *, phone="", email="", role=Role.PARTICIPANT, **extra) -> Registration:
    return Registration(
        event=event,
        full_name=full_name,
        phone=phone,
        email=email,
        role=role,
        consent_text="Демо",
        consent_at=timezone.now(),
        language="kk",
        **extra,
    )


def _participants(event: Event, count: int, *, phone_prefix: str) -> list[Registration]:
    """`count` participants: most with a phone, every fifth with an email too, every ninth with neither."""
    return [
        _person(
            event,
            _name(n),
            phone="" if n % 9 == 8 else f"{phone_prefix}{n:04d}",
            email=f"{phone_prefix[-3:]}{n}@example.kz" if n % 5 == 0 else "",
            organisation=SCHOOLS[n % len(SCHOOLS)],
            age=16 + n % 12,
            district=DISTRICTS[n % len(DISTRICTS)],
        )
        for n in range(count)
    ]


def _today(event: Event, volunteer) -> str:
    people = _participants(event, TODAY_PARTICIPANTS, phone_prefix="+7705100")
    people += [
        _person(event, name, phone=f"+770520000{n}", role=role, organisation="«Басқары» қоғамдық қоры")
        for n, (name, role) in enumerate(STAFF)
    ]
    created = Registration.objects.bulk_create(people)
    cancelled = created[TODAY_PARTICIPANTS - 1]
    Registration.objects.filter(pk=cancelled.pk).update(
        status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now()
    )
    # The volunteers came early, and so did a few participants: the door's counter is not at zero.
    early = created[:CHECKED_IN_ALREADY] + created[TODAY_PARTICIPANTS:][:2]
    now = timezone.now()
    CheckIn.objects.bulk_create(
        [
            CheckIn(registration=registration, checked_in_by=volunteer, checked_in_at=now - timedelta(minutes=n))
            for n, registration in enumerate(early)
        ]
    )
    # One came without registering, and was registered and admitted at the door.
    walk_in = _person(event, "Мұратов Ғалым", phone="+77051009999", source=Source.WALK_IN, created_by=volunteer)
    walk_in.save()
    CheckIn.objects.create(registration=walk_in, checked_in_by=volunteer, manual=True)
    return f"{len(created) + 1} registrations, {len(early) + 1} already checked in"


def _full(event: Event) -> str:
    """Fill the seminar to its capacity and put three people on its waitlist."""
    taken = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED, role=Role.PARTICIPANT).count()
    free = max((event.capacity or 0) - taken, 0)
    Registration.objects.bulk_create(_participants(event, free, phone_prefix="+7705200"))
    start = timezone.now()
    for n, (name, phone, email) in enumerate(WAITING):
        registration = _person(event, name, phone=phone, email=email, status=RegistrationStatus.WAITLISTED)
        registration.save()
        # The waitlist is served in the order of sign-up.
        Registration.objects.filter(pk=registration.pk).update(created_at=start + timedelta(seconds=n))
    return f"«{event.title_kk}» is full with {len(WAITING)} on its waitlist"


def load_demo_registrations() -> str:
    event = today_event()
    if event is None or Registration.objects.filter(event=event).exists():
        return ""
    volunteer = get_user_model().objects.get(username="volunteer")
    notes = [f"today's session «{event.title_kk}»: {_today(event, volunteer)}; its door: /events/{event.slug}/checkin/"]
    full = Event.objects.filter(slug=FULL_EVENT_SLUG, capacity__isnull=False).first()
    if full is not None and not Registration.objects.filter(event=full).exists():
        notes.append(_full(full))
    # The door phone's device token, for trying the API (README: "Roles and device tokens").
    notes.append(f"the volunteer's door phone token: {issue_api_token(username='volunteer', device='door-1')}")
    waiting = (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED, checkins__isnull=True)
        .order_by("pk")
        .first()
    )
    if waiting is not None:
        notes.append(f"a ticket of today's session not yet checked in, for the API: {waiting.code}")
    return "Demo registrations: " + "\n  ".join(notes)
