"""Block III's last two tables (the public presentations, the information channels) and Block IV."""

from .spec import (
    EVENTS,
    FILED,
    FIRST_MONTH,
    LAST_MONTH,
    PR,
    PUBLICATION_KINDS,
    Act,
    Ind,
    Src,
    TaskSpec,
    U,
)

POST_SHORT = ("Әлеуметтік желідегі жарияланым", "Публикация в социальных сетях", "Social-media post")


def _presentation(code: str, titles: tuple, name: tuple, timing: str, month_note: tuple) -> Act:
    return Act(
        code,
        *titles,
        timing=timing,
        indicators=[
            Ind("a", *name, 1, U.EVENTS, Src.EVENTS_HELD, kind=PR, note=month_note),
            Ind("b", *POST_SHORT, 2, U.POSTS, Src.EVIDENCE, "social_post", kind=PR, place=EVENTS, note=month_note),
        ],
    )


LAUNCH = _presentation(
    "P.1",
    ("Жобаның таныстыру", "Презентация проекта", "Presenting the project"),
    (
        "«Жобаны жан-жақты таныстыру» презентация",
        "Презентация «Всестороннее представление проекта»",
        "Presentation “The project in full”",
    ),
    FIRST_MONTH,
    (
        "Жоспар кезеңінің бірінші айында (грантта — тамыз) өткен «таныстыру» түріндегі іс-шара.",
        "Мероприятие вида «презентация», проведённое в первый месяц периода (в гранте — август).",
        "A presentation event held in the plan's first month (August in the grant).",
    ),
)

RESULTS = _presentation(
    "P.2",
    ("Жоба қорытындысы", "Итоги проекта", "The project's results"),
    (
        "«Жобаны қорытындылау» презентация",
        "Презентация «Подведение итогов проекта»",
        "Presentation “Summing up the project”",
    ),
    LAST_MONTH,
    (
        "Жоспар кезеңінің соңғы айында (грантта — қараша) өткен «таныстыру» түріндегі іс-шара.",
        "Мероприятие вида «презентация», проведённое в последний месяц периода (в гранте — ноябрь).",
        "A presentation event held in the plan's last month (November in the grant).",
    ),
)

TASK_P = TaskSpec(
    "P",
    "Шарт талаптарына сәйкес жоба нәтижелерінің қорытынды жария презентациясы",
    "Итоговая публичная презентация результатов проекта в соответствии с условиями договора",
    "The final public presentation of the project's results, as the agreement requires",
    [LAUNCH, RESULTS],
)

CHANNELS_TITLE = (
    "Шарт талаптарына сәйкес жобаның орындалу барысы туралы ақпараттық жұмыс",
    "Информационная работа о ходе реализации проекта в соответствии с условиями договора",
    "Information on the project's progress, as the agreement requires",
)

CHANNELS = Act(
    "C.1",
    *CHANNELS_TITLE,
    [
        Ind("a", "Бейне ролик", "Видеоролик", "Video clip", 3, U.VIDEOS, Src.EVIDENCE, "video_clip"),
        Ind(
            "b",
            "Әлеуметтік желілердегі жазба",
            "Запись в социальных сетях",
            "Social-media post",
            20,
            U.POSTS,
            Src.EVIDENCE,
            "social_post",
        ),
        Ind("c", "Мақала", "Статья", "Article", 2, U.PUBLICATIONS, Src.EVIDENCE, "press"),
        Ind("d", "Баннер", "Баннер", "Banner", 10, U.ITEMS, Src.EVIDENCE, "banner"),
        Ind("e", "Интервью", "Интервью", "Interview", 5, U.PUBLICATIONS, Src.EVIDENCE, "interview"),
        Ind(
            "f",
            "Ақпараттық видео",
            "Информационное видео",
            "Information video",
            1,
            U.VIDEOS,
            Src.EVIDENCE,
            "video_clip|video",
            place=FILED,
        ),
        Ind(
            "g",
            "Жобаны іске асыру анонстары",
            "Анонсы реализации проекта",
            "Announcements of the project",
            5,
            U.POSTS,
            Src.EVIDENCE,
            "announcement",
        ),
    ],
)

TASK_C = TaskSpec("C", *CHANNELS_TITLE, [CHANNELS])

IMPACT_TITLE = ("Жобаның әлеуметтік әсері", "Социальный эффект проекта", "The project's social impact")

IMPACT = Act(
    "IV",
    *IMPACT_TITLE,
    [
        Ind(
            "1",
            "Тікелей бенефициарлар саны",
            "Количество прямых бенефициаров",
            "Number of direct beneficiaries",
            1400,
            U.PEOPLE,
            Src.PARTICIPANTS,
            note=(
                "Жеке адам бір рет саналады: телефоны бойынша; телефоны жоқ болса — email бойынша, ол да жоқ "
                "болса — аты-жөні мен ұйымы бойынша. Телефонсыз тіркеу аты-жөні мен ұйымы бірдей телефонды "
                "тіркеуге қосылады.",
                "Человек считается один раз: по телефону; без телефона — по email, а без него — по ФИО и "
                "организации. Регистрация без телефона присоединяется к регистрации с телефоном с теми же ФИО и "
                "организацией.",
                "A person counts once: by phone; without a phone by email, and without either by name and "
                "organisation. A registration without a phone joins the one with a phone that has the same name "
                "and organisation.",
            ),
        ),
        Ind(
            "2",
            "Жанама бенефициарлар саны (БАҚ-та жариялау есебінен)",
            "Количество косвенных бенефициаров (за счёт публикаций в СМИ)",
            "Number of indirect beneficiaries (through publications in the media)",
            3000,
            U.PEOPLE,
            Src.REACH,
            PUBLICATION_KINDS,
            approved=True,
        ),
        Ind(
            "3",
            "Еңбек шарттары шеңберінде тартылған қызметкерлер саны",
            "Количество сотрудников, привлечённых в рамках трудовых договоров",
            "Number of staff engaged under employment contracts",
            3,
            U.PEOPLE,
        ),
        Ind(
            "4",
            "Тартылған мамандар саны",
            "Количество привлечённых специалистов",
            "Number of specialists engaged",
            10,
            U.PEOPLE,
        ),
        Ind("5", "Қамтылған ҮЕҰ саны", "Количество охваченных НПО", "Number of NGOs involved", 3, U.ORGANISATIONS),
        Ind(
            "6",
            "Әлеуметтік жоба серіктестерінің саны (заңды және/немесе жеке тұлғалар)",
            "Количество партнёров социального проекта (юридические и/или физические лица)",
            "Number of partners of the social project (legal and/or natural persons)",
            6,
            U.ORGS_OR_PEOPLE,
        ),
    ],
)

TASK_IV = TaskSpec("IV", *IMPACT_TITLE, [IMPACT])
