"""Block III, tasks 2 and 3: the conference, its recommendations and its handouts."""

from .spec import CF, EVENTS, FEEDBACK, FILED, PHOTO_VIDEO, POST, PRESS, Act, Ind, Item, Src, TaskSpec, U

CONFERENCE_TITLE = "«Демократиялық үдерістердегі өзін-өзі басқару институтының рөлі: кеше, бүгін, ертең»"
CONFERENCE_RU = "«Роль института самоуправления в демократических процессах: вчера, сегодня, завтра»"
CONFERENCE_EN = "“The role of self-government in democratic processes: yesterday, today, tomorrow”"

ACT_WITH_GRANTOR = (
    "Мұнда тіркелген, қол қойылған және қарсы актімен жойылмаған акт саналады; медальдар саны — актідегі саны "
    "(таратылғаны емес), кемінде 300.",
    "Считается акт, прикреплённый здесь, подписанный и не отменённый встречным актом; количество медалей — по "
    "акту (а не по раздаче), не менее 300.",
    "Counts an act filed here, signed and not undone by a counter-act; the medals are the quantity in the act "
    "(not the number handed out), at least 300.",
)

CONFERENCE = Act(
    "2.1",
    "Азаматтық қоғам және жергілікті өзін өзі басқару саласындағы 5 спикердің қатысуынмен қалалық "
    "конференциясын өткізу",
    "Проведение городской конференции с участием 5 спикеров в сфере гражданского общества и местного самоуправления",
    "A city conference with 5 speakers on civil society and local self-government",
    planned_events=1,
    indicators=[
        Ind(
            "a",
            "Тапсырыс берушімен келісілген конференция бағдарламасы",
            "Согласованная с заказчиком программа конференции",
            "Conference programme agreed with the grantor",
            1,
            U.EVENTS,
            Src.EVIDENCE_EVENTS,
            "programme",
            kind=CF,
            place=EVENTS,
            approved=True,
        ),
        Ind(
            "b",
            "Тапсырыс берушімен келісілген спикерлердің тізімі, түйіндемесі",
            "Согласованные с заказчиком список и резюме спикеров",
            "List and CVs of the speakers, agreed with the grantor",
            5,
            U.PEOPLE,
            Src.APPROVED_SPEAKERS,
            kind=CF,
        ),
        Ind(
            "c",
            "Тапсырыс берушімен келісілген логотипі бар тақырыптық медаль фотосы",
            "Согласованное с заказчиком фото тематической медали с логотипом",
            "Photo of the themed medal with the logo, agreed with the grantor",
            4,
            U.PHOTOS,
            Src.EVIDENCE,
            "design|photo",
            place=FILED,
            approved=True,
        ),
        Ind(
            "d",
            "Тапсырыс берушімен медальдарды қабылдау-табыстау актісі",
            "Акт приёма-передачи медалей с заказчиком",
            "Acceptance–transfer act for the medals with the grantor",
            1,
            U.DOCUMENTS,
            Src.GRANTOR_ACTS,
            second=300,
            note=ACT_WITH_GRANTOR,
            items=(Item("medal", "Медаль", "Медаль", "Medal"),),
        ),
        Ind(
            "e",
            "Спикерлердің баяндамалары",
            "Доклады спикеров",
            "Speakers' talks",
            5,
            U.ITEMS,
            Src.TALKS,
            kind=CF,
        ),
        Ind(
            "f",
            "Қатысушылар тізімі, саны",
            "Список и количество участников",
            "List and number of participants",
            300,
            U.PEOPLE,
            Src.PARTICIPANTS,
            kind=CF,
        ),
        Ind(
            "g",
            "Таратпа материалдарының фотосы",
            "Фото раздаточных материалов",
            "Photos of the handouts",
            4,
            U.PHOTOS,
            Src.EVIDENCE,
            "photo|design",
            place=FILED,
        ),
        Ind("h", *FEEDBACK, 4, U.ITEMS, Src.FEEDBACK, kind=CF),
        Ind("i", *POST, 4, U.POSTS, Src.EVIDENCE, "social_post", kind=CF, place=EVENTS),
        Ind("j", *PRESS, 1, U.PUBLICATIONS, Src.EVIDENCE, "press", kind=CF, place=EVENTS),
        Ind("k", *PHOTO_VIDEO, 8, U.PHOTOS_VIDEOS, Src.EVIDENCE, "photo", 1, "video", kind=CF, place=EVENTS),
        Ind(
            "l",
            "Конференцияның ұсыныстарына байланысты жолданған хаттар",
            "Письма, направленные по рекомендациям конференции",
            "Letters sent on the conference's recommendations",
            2,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "letter",
            kind=CF,
            place=EVENTS,
        ),
        Ind("m", "Хаттама", "Протокол", "Minutes", 1, U.DOCUMENTS, Src.EVIDENCE, "minutes", kind=CF, place=EVENTS),
        Ind(
            "n",
            "Қажетті құрал-жабдықтармен (жарықдиодты экран, дыбыс) қамтамасыз ету арқылы ұйымдастыру",
            "Организация с обеспечением необходимым оборудованием (светодиодный экран, звук)",
            "Organised with the equipment needed (LED screen, sound)",
            1,
            U.ITEMS,
        ),
        Ind("o", "күшейткіш жабдықтар", "усилительное оборудование", "amplification equipment", 1, U.ITEMS),
    ],
)

RECOMMENDATIONS = Act(
    "2.2",
    "Конференция ұсыныстарын әзірлеу (сараптамалық жұмыстар жүргізу)",
    "Разработка рекомендаций конференции (проведение экспертной работы)",
    "Drafting the conference's recommendations (expert work)",
    [
        Ind(
            "a",
            "Сараптамалық жұмыстар қорытындысы",
            "Итоги экспертной работы",
            "Findings of the expert work",
            1,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "*",
            place=FILED,
        ),
        Ind(
            "b",
            "Ұсыныстар пакеті",
            "Пакет рекомендаций",
            "Package of recommendations",
            1,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "*",
            place=FILED,
        ),
    ],
)

TASK_2 = TaskSpec(
    "2",
    f"{CONFERENCE_TITLE} тақырыбында кемінде 5 спикердің қатысуымен конференция ұйымдастыру.",
    f"Организация конференции на тему {CONFERENCE_RU} с участием не менее 5 спикеров.",
    f"A conference on {CONFERENCE_EN} with at least 5 speakers.",
    [CONFERENCE, RECOMMENDATIONS],
)

HANDOUTS_TITLE = (
    f"{CONFERENCE_TITLE} (логотипі бар портфель, логотипі бар флэш-диск, логотипі бар блокнот және әріптер) "
    "конференциясына қатысушылар үшін үлестірме материалдар дайындау.",
    f"Подготовка раздаточных материалов для участников конференции {CONFERENCE_RU} (портфель с логотипом, "
    "флеш-накопитель с логотипом, блокнот с логотипом и «әріптер»).",
    f"Handouts for the participants of the conference {CONFERENCE_EN} (a portfolio, a flash drive and a notebook "
    "with the logo, and «әріптер»).",
)

HANDOUTS = Act(
    "3.1",
    *HANDOUTS_TITLE,
    [
        Ind(
            "a",
            "Тапсырыс берушімен келісілген дизайнда үлестірме материалдар (логотипі бар портфель, флэш-диск, "
            "блокнот, әріптер) фотосы",
            "Фото раздаточных материалов в согласованном с заказчиком дизайне (портфель, флеш-накопитель, блокнот, "
            "«әріптер» с логотипом)",
            "Photos of the handouts in the design agreed with the grantor (portfolio, flash drive, notebook, "
            "«әріптер», with the logo)",
            4,
            U.PHOTOS,
            Src.EVIDENCE,
            "design|photo",
            place=FILED,
            approved=True,
        ),
        Ind(
            "b",
            "Тапсырыс берушімен қабылдау-табыстау актісі",
            "Акт приёма-передачи с заказчиком",
            "Acceptance–transfer act with the grantor",
            1,
            U.DOCUMENTS,
            Src.GRANTOR_ACTS,
            second=300,
            note=(
                "Мұнда тіркелген, қол қойылған және қарсы актімен жойылмаған актілер саналады; төрт заттың "
                "әрқайсысы актілерде кемінде 300.",
                "Считаются акты, прикреплённые здесь, подписанные и не отменённые встречным актом; каждого из "
                "четырёх предметов в актах не менее 300.",
                "Counts the acts filed here, signed and not undone by a counter-act; each of the four items at "
                "least 300 in them.",
            ),
            items=(
                Item("portfolio", "Портфель", "Портфель", "Portfolio"),
                Item("flash_drive", "Флэш-диск", "Флеш-накопитель", "Flash drive"),
                Item("notebook", "Блокнот", "Блокнот", "Notebook"),
                Item("letters", "Әріптер", "«Әріптер»", "«Әріптер» (letters)"),
            ),
        ),
        Ind(
            "c",
            "Таратпалардың таратылғандығы туралы фото және бейнеесеп",
            "Фото- и видеоотчёт о раздаче раздаточных материалов",
            "Photo and video report of the handing out",
            10,
            U.PHOTOS_VIDEOS,
            Src.EVIDENCE,
            "photo",
            1,
            "video",
            place=FILED,
        ),
    ],
)

TASK_3 = TaskSpec("3", *HANDOUTS_TITLE, [HANDOUTS])
