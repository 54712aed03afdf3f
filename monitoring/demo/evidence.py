"""The demo's evidence: what the media log holds for the held events and for the project
(approved, awaiting approval, one rejected), what organisers filed under indicators, and the
figures they typed by hand."""

import io
import random
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from events.models import Event
from media_log import services as media
from media_log.models import Approval, EvidenceKind, MediaItem, Platform

from ..models import EvidenceFiling, Indicator, ManualValue

K = EvidenceKind
OK, WAIT, NO = Approval.APPROVED, Approval.PENDING, Approval.REJECTED
STREETS = ["Тәуке хан даңғылы", "Қазыбек би көшесі", "Байтұрсынов көшесі", "Республика даңғылы", "Абай даңғылы",
           "Момышұлы көшесі", "Желтоқсан көшесі"]  # fmt: skip
OUTLETS = ["«Дала мен Қала»", "Adyrna.kz", "«Шымкент келбеті»"]


def jpeg(colour: tuple[int, int, int], label: str, title: str) -> SimpleUploadedFile:
    """A photo drawn with Pillow (whose default font has Latin letters only); `title` names the file."""
    image = Image.new("RGB", (480, 360), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse([150, 40, 330, 220], fill=(240, 200, 60))
    draw.rectangle([30, 250, 450, 330], fill=(255, 255, 255))
    draw.text((45, 280), label, fill=(20, 40, 80))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"{title}.jpg", buffer.getvalue(), content_type="image/jpeg")


class Media:
    """Builds the items in memory; `save` writes them at once."""

    def __init__(self, by, rng: random.Random):
        self.by, self.rng, self.items, self.n = by, rng, [], 0

    def add(self, kind, event: Event | None, title: str, day: date, approval=Approval.NOT_REQUIRED, **fields):
        self.n += 1
        if approval in (OK, NO):
            fields["approved_on"] = day + timedelta(days=2)
        item = MediaItem(
            kind=kind,
            event=event,
            title=title,
            date=day,
            url=f"https://basqaru.kz/demo/{kind}/{self.n}",
            approval=approval,
            created_by=self.by,
            **fields,
        )
        self.items.append(item)
        return item

    def post(self, event, title, day, **fields):
        platform = self.rng.choice([Platform.INSTAGRAM, Platform.FACEBOOK, Platform.TIKTOK])
        return self.add(
            K.SOCIAL_POST, event, title, day, OK, platform=platform, reach=self.rng.randint(30, 200), **fields
        )

    def save(self) -> list[MediaItem]:
        return MediaItem.objects.bulk_create(self.items)


def _day(event: Event) -> date:
    return timezone.localdate(event.start_at)


def _held(events: list[Event]) -> list[Event]:
    return [event for event in events if event.start_at < timezone.now()]


def event_evidence(m: Media, sessions: list[Event], seminars: list[Event], conference: Event, launch: Event) -> None:
    for n, session in enumerate(sessions, start=1):
        m.add(
            K.PROGRAMME,
            session,
            f"Сессия №{n} бағдарламасы",
            _day(session) - timedelta(days=10),
            OK if n <= 8 else WAIT,
        )
    for n, session in enumerate(_held(sessions), start=1):
        day = _day(session)
        m.add(K.VIDEO, session, f"Сессия №{n}: бейнеесеп", day)
        if n != 6:  # the sixth session's summary note is still being written
            m.add(K.SUMMARY_NOTE, session, f"Сессия №{n}: қорытынды ақпарат", day + timedelta(days=1))
        m.post(session, f"Сессия №{n} туралы жазба", day)
        if n in (2, 5):
            m.add(K.PRESS, session, f"Жастар сессиясы №{n} туралы мақала", day + timedelta(days=2),
                  outlet=OUTLETS[n % 3], reach=600 + 100 * n, approval=OK)  # fmt: skip
    for n, seminar in enumerate(seminars, start=1):
        m.add(
            K.PROGRAMME,
            seminar,
            f"Семинар №{n} бағдарламасы",
            _day(seminar) - timedelta(days=10),
            OK if n <= 8 else WAIT,
        )
    for n, seminar in enumerate(_held(seminars), start=1):
        day = _day(seminar)
        m.add(K.VIDEO, seminar, f"Семинар №{n}: бейнеесеп", day)
        m.add(K.SUMMARY_NOTE, seminar, f"Семинар №{n}: қорытынды ақпарат", day + timedelta(days=1))
        if n % 3 == 1:
            m.post(seminar, f"Бюджет семинары №{n}", day)
    m.add(K.PRESS, seminars[1], "Жергілікті бюджет: азаматтардың үні", _day(seminars[1]) + timedelta(days=3),
          outlet=OUTLETS[0], reach=900, approval=OK)  # fmt: skip
    day = _day(conference)
    m.add(K.PROGRAMME, conference, "Конференция бағдарламасы", day - timedelta(days=14), OK)
    m.add(K.SPEAKER_LIST, conference, "Спикерлер тізімі мен түйіндемелері", day - timedelta(days=14), OK)
    m.add(K.VIDEO, conference, "Конференция: бейнеесеп", day)
    m.add(K.VIDEO, conference, "Конференция: қысқа бейне", day + timedelta(days=1))
    for n in range(1, 6):
        m.post(conference, f"Конференция туралы жазба №{n}", day + timedelta(days=n % 2))
    m.add(
        K.PRESS,
        conference,
        "Өзін-өзі басқару: кеше, бүгін, ертең",
        day + timedelta(days=1),
        OK,
        outlet=OUTLETS[1],
        reach=3400,
    )
    m.add(K.PRESS, conference, "Конференция в Шымкенте", day + timedelta(days=2), WAIT, outlet=OUTLETS[2], reach=900)
    m.add(K.MINUTES, conference, "Конференция хаттамасы", day + timedelta(days=1))
    m.add(K.LETTER, conference, "Әкімдікке ұсыныстар туралы хат", day + timedelta(days=2))
    m.add(K.SUMMARY_NOTE, conference, "Конференцияның қорытынды ақпараты", day + timedelta(days=2))
    for n in (1, 2):
        m.post(launch, f"Жобаның таныстырылымы №{n}", _day(launch))
    m.add(K.PRESENTATION, launch, "«Жобаны жан-жақты таныстыру» презентациясы", _day(launch))


def project_evidence(m: Media, start: date, today: date) -> dict[str, list[MediaItem]]:
    """Evidence tied to no event; returns what organisers file, by indicator code."""
    day = lambda offset: min(start + timedelta(days=offset), today)  # noqa: E731
    filed: dict[str, list[MediaItem]] = {}
    file = lambda code, item: filed.setdefault(code, []).append(item) or item  # noqa: E731
    for n in (1, 2):
        m.add(K.QUESTIONNAIRE, None, f"Қажеттіліктерді бағалау сауалнамасы №{n}", day(3), OK)
    for n in range(1, 4):
        file("1.1.b", m.post(None, f"Сауалнама туралы жазба №{n}", day(4 + n)))
    for n in range(1, 5):
        file("1.1.c", m.add(K.PHOTO, None, f"Сауалнама: фото №{n}", day(6)))
    file("1.1.c", m.add(K.VIDEO, None, "Сауалнама: бейне", day(6)))
    m.add(K.SURVEY_RESULT, None, "Әлеуметтік зерттеудің қорытындысы", day(14))
    m.add(K.LETTER, None, "ҰЭМ-ге хат: зерттеу қорытындысы", day(16))
    m.add(K.LETTER, None, "Әкімдікке хат: зерттеу қорытындысы", day(16))
    m.add(K.POSITIVE_CASE, None, "Аула тұрғындары жарықтандыруды шешті", day(20))
    for n, street in enumerate(STREETS + STREETS[:3], start=1):
        approval = WAIT if n == 9 else NO if n == 10 else OK
        file("4.1.c", m.add(K.BANNER, None, f"Баннер №{n}", day(8), approval, street=street))
    file("4.1.d", m.post(None, "Баннерлер қалада", day(9)))
    for n in range(1, 4):
        file("4.1.e", m.add(K.SCRIPT, None, f"Бейнеролик №{n} сценарийі", day(5), OK))
        m.add(K.VIDEO_CLIP, None, f"Бейнеролик №{n}", day(12 + n), OK if n < 3 else WAIT, reach=800)
        file("4.1.g", m.post(None, f"Бейнеролик №{n} жарияланды", day(13 + n)))
    file("5.2.a", m.add(K.SCRIPT, None, "Танымдық фильмнің сценарийі", day(10), OK))
    file("5.2.b", m.add(K.VIDEO_CLIP, None, "Танымдық фильм (монтаж)", day(25), WAIT))
    file("5.3.a", m.add(K.OTHER, None, "«Azamattyq Basqaru ақпараттық кітапша»", day(15), OK))
    file("5.3.b", m.add(K.OTHER, None, "Кітапшаның электронды нұсқасы", day(16)))
    file("5.3.c", m.add(K.OTHER, None, "basqaru.kz онлайн платформасы", day(10)))
    for n in (1, 2):
        file("5.4.a", m.add(K.SCRIPT, None, f"Подкаст №{n}: бағдарлама мен сценарий", day(11), OK))
    m.add(K.PODCAST, None, "Подкаст №1: жастар және ЖӨБ", day(18), reach=700)
    for n in range(1, 4):
        m.add(K.INTERVIEW, None, f"Сұхбат №{n}", day(9 + 3 * n), OK, reach=300)
    for n in range(1, 5):
        m.add(K.ANNOUNCEMENT, None, f"Анонс №{n}", day(2 * n), OK, reach=150)
    for n in range(1, 5):
        file("2.1.c", m.add(K.DESIGN, None, f"Медаль дизайны №{n}", day(12), OK))
    for name in ("Портфель", "Флэш-диск", "Блокнот", "Әріптер"):
        file("3.1.a", m.add(K.DESIGN, None, f"{name}: келісілген дизайн", day(12), OK))
    file("C.1.f", m.add(K.VIDEO_CLIP, None, "Жоба туралы ақпараттық видео", day(7), OK, reach=1100))
    file("2.2.a", m.add(K.RECOMMENDATION, None, "Сараптамалық жұмыс қорытындысы", day(27)))
    return filed


def conference_photos(conference: Event, organiser, by_code: dict[str, list[MediaItem]]) -> None:
    """Real photos (with thumbnails, for the report's photo pages) of the conference."""
    files = [jpeg((30 + 20 * n, 90, 160 - 10 * n), f"Conference {n}", f"Конференция: фото {n}") for n in range(1, 11)]
    photos = media.add_photos(event=conference, files=files, by=organiser)
    by_code["2.1.g"] = photos[:5]
    by_code["3.1.c"] = photos[4:10]
    video = MediaItem.objects.filter(event=conference, kind=K.VIDEO).order_by("pk").last()
    by_code["3.1.c"].append(video)


def session_photos(events: list[Event], organiser, per_event) -> None:
    for n, event in enumerate(events, start=1):
        files = [
            jpeg((40, 110 + 10 * n, 90), f"{event.slug} {i}", f"{event.title_kk[:60]}: фото {i}")
            for i in range(1, per_event(n) + 1)
        ]
        media.add_photos(event=event, files=files, by=organiser)


def file_under(plan, by_code: dict[str, list[MediaItem]], by) -> None:
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan, code__in=list(by_code))}
    EvidenceFiling.objects.bulk_create(
        [
            EvidenceFiling(indicator=indicators[code], item=item, filed_by=by)
            for code, items in by_code.items()
            for item in items
        ]
    )


MANUAL = {
    "1.1.d": (6, "Екі сауалнама, әрқайсысынан 3 толтырылған парақ"),
    "1.1.e": (312, "Респонденттер тізімі қоса беріледі"),
    "2.1.n": (1, "«Медиа-Сервис» ЖШС: LED экран және дыбыс"),
    "2.1.o": (1, "Дыбыс күшейткіш жабдық жалға алынды"),
    "IV.3": (3, "Үш еңбек шарты"),
    "IV.5": (2, "«Болашақ» ҮЕҰ, «Жас Отан»"),
    "IV.6": (6, "Блок I бойынша алты серіктес"),
}


def enter_values(plan, by) -> None:
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan, code__in=list(MANUAL))}
    ManualValue.objects.bulk_create(
        [
            ManualValue(indicator=indicators[code], value=value, note=note, entered_by=by)
            for code, (value, note) in MANUAL.items()
        ]
    )
