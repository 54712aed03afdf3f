"""The shapes the plan is written in: a task holds activities, an activity holds indicators.

An indicator says what it counts (`source` and its parameters, see monitoring.readings) and,
where the grant can be read two ways, which reading was taken (`note`, in kk, ru and en).
"""

from dataclasses import dataclass, field
from datetime import date

from events.models import EventKind

from ..models import ActivityTiming, EvidencePlace, IndicatorScope, IndicatorSource, IndicatorUnit

PLAN = {
    "name": "«Азаматтық BasQaru»: Шымкент қаласындағы жергілікті қоғамдастықтардың азаматтық белсенділігі мен "
    "әлеуетін арттыру",
    "grantee": "«Басқары» қоғамдық қоры",
    "grantor": "«Азаматтық бастамаларды қолдау орталығы» КЕАҚ",
    "agreement": "№ 83, 28.05.2024",
    "starts_on": date(2024, 8, 1),
    "ends_on": date(2024, 11, 30),
}

DIRECT_BENEFICIARIES_CODE = "IV.1"

# Short names for the tables of the plan.
T, PE = IndicatorScope.TOTAL, IndicatorScope.PER_EVENT
YS, BS, CF, PR = EventKind.YOUTH_SESSION, EventKind.BUDGET_SEMINAR, EventKind.CONFERENCE, EventKind.PRESENTATION
EVENTS, PROJECT, UNATTACHED, FILED = (
    EvidencePlace.EVENTS,
    EvidencePlace.PROJECT,
    EvidencePlace.UNATTACHED,
    EvidencePlace.FILED,
)
Src, U = IndicatorSource, IndicatorUnit
FIRST_MONTH, LAST_MONTH = ActivityTiming.FIRST_MONTH, ActivityTiming.LAST_MONTH
# The publications whose reach makes the indirect beneficiaries (IV.2).
PUBLICATION_KINDS = "press|social_post|interview|video_clip|podcast|announcement"


@dataclass(frozen=True)
class Item:
    """An item of the grant counted in a signed act (linked to item types by organisers)."""

    code: str
    kk: str
    ru: str
    en: str


@dataclass(frozen=True)
class Ind:
    suffix: str
    kk: str
    ru: str
    en: str
    target: int
    unit: str
    source: str = Src.MANUAL
    param: str = ""
    second: int | None = None
    second_param: str = ""
    scope: str = T
    kind: str = ""
    place: str = PROJECT
    approved: bool = False
    note: tuple[str, str, str] = ("", "", "")
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Act:
    code: str
    kk: str
    ru: str
    en: str
    indicators: list[Ind] = field(default_factory=list)
    planned_events: int | None = None
    timing: str = ActivityTiming.WHOLE


@dataclass(frozen=True)
class TaskSpec:
    number: str
    kk: str
    ru: str
    en: str
    activities: list[Act] = field(default_factory=list)


# Titles that recur in the grant's tables, word for word.
POST = (
    "Әлеуметтік желідегі жарияланым (Instagram, Facebook, TikTok, YouTube)",
    "Публикация в социальных сетях (Instagram, Facebook, TikTok, YouTube)",
    "Social-media post (Instagram, Facebook, TikTok, YouTube)",
)
PRESS = ("БАҚ-тағы жарияланым", "Публикация в СМИ", "Press publication")
FEEDBACK = ("Пікір", "Отзыв", "Feedback")
SUMMARY = ("Қорытынды ақпарат", "Итоговая информация", "Summary information")
PHOTO_VIDEO = ("Фото/бейнеесеп", "Фото/видеоотчёт", "Photo/video report")
PHOTO_VIDEO_ALT = ("Фото/видеоесеп", "Фото/видеоотчёт", "Photo/video report")
PARTICIPANTS = ("Қатысушылардың тізімі, саны", "Список и количество участников", "List and number of participants")

TOTAL_NOT_PER_EVENT = (
    "Мұнда грантта «әр шарадан» деп жазылмаған, сондықтан бір шараға емес, барлық шараға жалпы саны алынды.",
    "Здесь в гранте нет слов «на каждое мероприятие», поэтому взят общий итог по всем мероприятиям.",
    "The grant does not say “at every event” here, so this is read as a total over all the events.",
)
