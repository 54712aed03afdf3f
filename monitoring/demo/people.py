"""The people of the demo: participants who come to one or several held events (most with a
phone, some with only an email or neither), staff and volunteers who check in too, no-shows,
and the feedback some participants leave. Written in bulk: a few thousand rows in seconds."""

import random
from datetime import timedelta

from django.utils import timezone

from media_log.models import Feedback
from registration.models import CheckIn, District, Registration, Role

WOMEN = "Айгерім Дана Мадина Әсел Жансая Аружан Томирис Ақбота Гүлназ Әлия Камила Балжан Жұлдыз Інжу Мөлдір".split()
MEN = (
    "Нұрлан Ержан Арман Бауыржан Дәурен Ернар Санжар Ерасыл Мирас Нұрсұлтан Алихан Темірлан Асхат Ғалым Еламан".split()
)
SURNAMES = (
    "Сапаров Әбенов Жұмабаев Омаров Құдайбергенов Тұрсынов Бекболатов Есенов Мұратов Қасымов Серікбаев Ахметов "
    "Нұрланов Ибраимов Оспанов Жақсылықов Төлеуов Исаев Рахымов Байжанов Шәріпов Әлімов Дүйсенов Қалиев Мамыров"
).split()
ORGANISATIONS = [
    "№ 12 мектеп-гимназия",
    "М. Әуезов атындағы ОҚУ",
    "Шымкент университеті",
    "№ 45 мектеп",
    "«Жас Отан» жастар қанаты",
    "Әл-Фараби ауданының жастар ресурстық орталығы",
    "«Болашақ» ҮЕҰ",
    "Қаратау ауданы әкімдігі",
    "№ 7 колледж",
    "Жергілікті қоғамдастық жиналысы",
    "ЖШС «Нұр Құрылыс»",
    "",
]
DISTRICTS = [value for value, _label in District.choices]


def _name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)}а {rng.choice(WOMEN)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MEN)}"


def person_pool(rng: random.Random, size: int) -> list[dict]:
    """`size` distinct people: 85 % with a phone, a few with only an email, a few with neither."""
    pool = []
    for n in range(size):
        contact = rng.random()
        pool.append(
            {
                "full_name": _name(rng),
                "phone": f"+7701{n:07d}" if contact < 0.85 else "",
                "email": f"person{n}@example.kz" if 0.8 < contact < 0.95 else "",
                "organisation": rng.choice(ORGANISATIONS),
                "age": None
                if rng.random() < 0.06
                else rng.choice([15, 16, 17, 19, 21, 23, 25, 28, 31, 34, 40, 52, 63]),
                "district": "" if rng.random() < 0.05 else rng.choice(DISTRICTS),
            }
        )
    return pool


STAFF = [
    ("Ерлан Сейітов", Role.ORGANISER, "«Басқары» қоғамдық қоры"),
    ("Айдана Жолдасова", Role.VOLUNTEER, "«Басқары» қоғамдық қоры"),
    ("Бекзат Нұрманов", Role.VOLUNTEER, "«Басқары» қоғамдық қоры"),
    ("Сәуле Тоқтарова", Role.PRESS, "«Дала мен Қала» газеті"),
]


def _registration(event, person: dict, role: str = Role.PARTICIPANT) -> Registration:
    return Registration(
        event=event,
        full_name=person["full_name"],
        name_search=person["full_name"].casefold(),
        phone=person.get("phone", ""),
        email=person.get("email", ""),
        organisation=person.get("organisation", ""),
        age=person.get("age"),
        district=person.get("district", ""),
        role=role,
        consent_text="Демо",
        consent_at=timezone.now(),
        language="kk",
    )


def register_and_check_in(rng: random.Random, attendance: dict, *, scanned_by) -> dict:
    """Registrations for each held event of `attendance` ({event: [person, ...]}), staff at
    each, about one no-show in twelve, and active check-ins for everyone who came, stamped at
    the event's start. Returns {event: [checked-in participant registrations]}."""
    came = {}
    for event, people in attendance.items():
        rows = [_registration(event, person) for person in people]
        staff_no = [
            _registration(event, {"full_name": name, "organisation": org, "phone": f"+77029000{i:03d}"}, role)
            for i, (name, role, org) in enumerate(STAFF)
        ]
        created = Registration.objects.bulk_create(rows + staff_no)
        shown = [r for r in created if r.role != Role.PARTICIPANT or rng.random() > 1 / 12]
        CheckIn.objects.bulk_create([CheckIn(registration=r, checked_in_by=scanned_by) for r in shown])
        CheckIn.objects.filter(registration__event=event).update(checked_in_at=event.start_at + timedelta(minutes=20))
        came[event] = [r for r in shown if r.role == Role.PARTICIPANT]
    return came


COMMENTS = [
    "Өте пайдалы кездесу болды, рақмет!",
    "Жергілікті бюджет туралы көп нәрсе білдім.",
    "Спикерлер сұрақтарға толық жауап берді.",
    "Келесі жолы көбірек уақыт болса екен.",
    "Очень полезно, спасибо организаторам.",
]


def leave_feedback(rng: random.Random, registrations: list[Registration], count: int) -> None:
    Feedback.objects.bulk_create(
        [
            Feedback(registration=registration, rating=rng.choice([4, 5, 5, 5, 3]), comment=rng.choice(COMMENTS))
            for registration in rng.sample(registrations, min(count, len(registrations)))
        ]
    )
