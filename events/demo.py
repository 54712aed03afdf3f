"""The grant's programme as demo data: the launch presentation, 10 youth sessions, 10 budget
seminars, the conference and the results presentation, dated around today so that part of the
programme is already held (the launch, seven sessions, seven seminars, the conference) and
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

from .models import AgendaItem, Event, EventKind, EventStatus, Speaker, SpeakerApproval, Talk, Venue

DEMO_USERS = [
    ("organiser", "organiser-demo", ORGANISER),
    ("volunteer", "volunteer-demo", VOLUNTEER),
    ("grantor", "grantor-demo", GRANTOR),
]

YOUTH_TOPICS = [
    (
        "Жергілікті өзін-өзі басқару дегеніміз не?",
        "Что такое местное самоуправление?",
        "What is local self-government?",
    ),
    (
        "Жергілікті қоғамдастық жиналысы: жастар қалай қатыса алады",
        "Собрание местного сообщества: как участвовать молодёжи",
        "The local community assembly: how young people take part",
    ),
    (
        "Әкімдікке өтініш: тиімді жазу жолдары",
        "Обращение в акимат: как писать эффективно",
        "Writing to the akimat effectively",
    ),
    (
        "Азаматтық бастамалар мен волонтерлік",
        "Гражданские инициативы и волонтёрство",
        "Civic initiatives and volunteering",
    ),
    ("Ашық деректер және жергілікті билік", "Открытые данные и местная власть", "Open data and local government"),
    ("Мектеп пен аула: шағын жобалар", "Школа и двор: малые проекты", "School and neighbourhood: small projects"),
    ("Қоғамдық кеңестердің рөлі", "Роль общественных советов", "The role of public councils"),
    (
        "Цифрлық құралдар және азаматтық белсенділік",
        "Цифровые инструменты и гражданская активность",
        "Digital tools and civic activity",
    ),
    (
        "Жастар саясаты: Шымкент тәжірибесі",
        "Молодёжная политика: опыт Шымкента",
        "Youth policy: the Shymkent experience",
    ),
    ("Жергілікті проблемаларды бірге шешу", "Решаем местные проблемы вместе", "Solving local problems together"),
]

SEMINAR_TOPICS = [
    ("Жергілікті бюджет қалай құрылады", "Как формируется местный бюджет", "How the local budget is formed"),
    ("Бюджеттік өтінімдер: азаматтардың рөлі", "Бюджетные заявки: роль граждан", "Budget requests: the citizens' role"),
    (
        "Қатысушылық бюджет: әлемдік тәжірибе",
        "Партисипативный бюджет: мировой опыт",
        "Participatory budgeting worldwide",
    ),
    (
        "Аудан бюджетінің кірістері мен шығыстары",
        "Доходы и расходы бюджета района",
        "District budget revenue and spending",
    ),
    ("Бюджеттік тыңдаулар: қалай өтеді", "Бюджетные слушания: как они проходят", "How budget hearings work"),
    ("Халық бюджеті жобалары", "Проекты «Народного бюджета»", "“People's budget” projects"),
    ("Ашық бюджет порталдарымен жұмыс", "Работа с порталами открытого бюджета", "Working with open budget portals"),
    (
        "Бюджет шығындарын қоғамдық бақылау",
        "Общественный контроль бюджетных расходов",
        "Public oversight of budget spending",
    ),
    (
        "Қоғамдастық жиналысы және бюджет",
        "Собрание местного сообщества и бюджет",
        "The community assembly and the budget",
    ),
    ("Бюджеттік сауаттылық: практикум", "Бюджетная грамотность: практикум", "Budget literacy: a workshop"),
]

CONFERENCE = (
    "Демократиялық үдерістердегі өзін-өзі басқару институтының рөлі: кеше, бүгін, ертең",
    "Роль института самоуправления в демократических процессах: вчера, сегодня, завтра",
    "The role of self-government in democratic processes: yesterday, today, tomorrow",
)

PRESENTATIONS = [
    (
        "project-launch",
        ("Жобаның таныстыру", "Презентация проекта", "Presenting the project"),
        -28,
        ("«Жобаны жан-жақты таныстыру» презентациясы.", "Презентация «Всестороннее представление проекта».",
         "The presentation “The project in full”."),
    ),
    (
        "project-results",
        ("Жоба қорытындысы", "Итоги проекта", "The project's results"),
        20,
        ("«Жобаны қорытындылау» презентациясы.", "Презентация «Подведение итогов проекта».",
         "The presentation “Summing up the project”."),
    ),
]  # fmt: skip

# Representatives of local government who speak at the youth sessions; the last one's approval
# by the grantor is still awaited.
SESSION_SPEAKERS = [
    ("Нұржан Бекболатұлы", "Бас маман", "Әл-Фараби ауданы әкімінің аппараты", SpeakerApproval.APPROVED),
    ("Айнұр Қасымова", "Бөлім басшысы", "Шымкент қаласының жастар саясаты басқармасы", SpeakerApproval.APPROVED),
    ("Серік Омаров", "Депутат", "Шымкент қалалық мәслихаты", SpeakerApproval.PENDING),
]

# Day of each event relative to the day the demo is first loaded: most of the programme is held.
FIRST_SESSION_DAY = -26
EVENT_SPACING_DAYS = 4
CONFERENCE_DAY = -4

CONFERENCE_SPEAKERS = [
    (
        "Әлия Сейітқызы",
        "Бөлім басшысы",
        "Шымкент қаласының ішкі саясат басқармасы",
        "Жергілікті өзін-өзі басқарудың бүгінгі жағдайы",
    ),
    (
        "Ерлан Тұрсынұлы",
        "Доцент",
        "ҚР Президенті жанындағы Мемлекеттік басқару академиясы",
        "Өзін-өзі басқару институтының тарихы",
    ),
    ("Гүлнар Әбдірахманова", "Сарапшы", "ҚР Ұлттық экономика министрлігі", "Жергілікті бюджет және қоғамдастық"),
    (
        "Дәурен Құдайбергенов",
        "Бағдарлама үйлестірушісі",
        "Ханнс Зайдель қоры (Орталық Азия)",
        "Халықаралық тәжірибе: Германия мен Орталық Азия",
    ),
    ("Мәдина Жақсылықова", "Бас редактор", "«Дала мен Қала» газеті", "БАҚ және азаматтық белсенділік"),
]

VENUES = [
    ("Жастар ресурстық орталығы", "Шымкент, Тәуке хан даңғылы, 25"),
    ("Қалалық мәслихаттың мәжіліс залы", "Шымкент, Әл-Фараби алаңы, 2"),
    ("Конгресс-холл «Шымкент»", "Шымкент, Байтұрсынов көшесі, 10"),
]


@dataclass(frozen=True)
class DemoResult:
    events: int
    created_events: int
    users: list[tuple[str, str, str]]
    notes: list[str]


# Steps that apps above this one register (in their AppConfig.ready) to fill in the demo: each
# reads the programme from the database, is idempotent, and returns a line for the command's
# output ("" when it had nothing to do).
_DEMO_STEPS: list[Callable[[], str]] = []


def register_demo_step(step: Callable[[], str]) -> None:
    if step not in _DEMO_STEPS:
        _DEMO_STEPS.append(step)


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
        session, was_created = _event(
            f"youth-session-{n}",
            EventKind.YOUTH_SESSION,
            titles,
            _at(day, 15),
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
    notes = [step() for step in _DEMO_STEPS]
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
        )
        for name, position, organisation, approval in SESSION_SPEAKERS
    ]
    for n, session in enumerate(sessions):
        Talk.objects.create(event=session, speaker=speakers[n % len(speakers)], title=session.title_kk)
    Talk.objects.create(event=sessions[0], speaker=speakers[1], title="Жастар және жергілікті бюджет")


def _conference_programme(conference: Event, *, approved_on: date) -> None:
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
    for name, position, organisation, topic in CONFERENCE_SPEAKERS:
        speaker = Speaker.objects.create(
            full_name=name,
            position=position,
            organisation=organisation,
            approval=SpeakerApproval.APPROVED,
            approved_on=approved_on,
        )
        talk = Talk.objects.create(event=conference, speaker=speaker, title=topic)
        item = AgendaItem.objects.create(
            event=conference,
            starts_at=slot,
            ends_at=slot + timedelta(minutes=40),
            title_kk=topic,
            title_ru=topic,
            title_en=topic,
            talk=talk,
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
