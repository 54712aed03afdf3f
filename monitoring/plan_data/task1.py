"""Block III, task 1: the survey, the ten youth sessions, the ten budget seminars, positive cases."""

from .spec import (
    BS,
    EVENTS,
    FEEDBACK,
    FILED,
    PARTICIPANTS,
    PE,
    PHOTO_VIDEO,
    PHOTO_VIDEO_ALT,
    POST,
    PRESS,
    SUMMARY,
    TOTAL_NOT_PER_EVENT,
    UNATTACHED,
    YS,
    Act,
    Ind,
    Src,
    TaskSpec,
    U,
)

SESSIONS_TITLE = (
    "Жергілікті өзін-өзі басқару органдары өкілдерінің қатысуымен жастарға ақпараттық-түсіндіру іс-шараларын "
    "ұйымдастыру",
    "Организация информационно-разъяснительных мероприятий для молодёжи с участием представителей органов "
    "местного самоуправления",
    "Information and outreach events for youth with representatives of local self-government bodies",
)

SURVEY = Act(
    "1.1",
    "Жергілікті өзін өзі басқару органдарының құқықтары мен мүмкіндіктерін жүзеге асыруға кедергі болатын "
    "мәселелерге әлеуметтік зерттеу жүргізу",
    "Социальное исследование проблем, препятствующих реализации прав и возможностей органов местного самоуправления",
    "A social survey of the problems that keep local self-government bodies from exercising their rights",
    [
        Ind(
            "a",
            "Тапсырыс берушімен келісілген қажеттіліктерді бағалау үшін әлеуметтік зерттеу-сауалнамасы",
            "Согласованная с заказчиком анкета социального исследования для оценки потребностей",
            "Survey questionnaire for the needs assessment, agreed with the grantor",
            2,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "questionnaire",
            approved=True,
        ),
        Ind("b", *POST, 4, U.POSTS, Src.EVIDENCE, "social_post", place=FILED),
        Ind("c", *PHOTO_VIDEO, 4, U.PHOTOS_VIDEOS, Src.EVIDENCE, "photo", 1, "video", place=FILED),
        Ind(
            "d",
            "Толтырылған сауалнама",
            "Заполненная анкета",
            "Filled questionnaires",
            6,
            U.DOCUMENTS,
            note=(
                "«Әр сауалнамадан 3-тен кем емес»: екі сауалнаманың әрқайсысынан кемінде 3, барлығы кемінде 6.",
                "«Не менее 3 по каждой анкете»: не менее 3 по каждой из двух анкет, всего не менее 6.",
                "“At least 3 from each questionnaire”: at least 3 from each of the two, so at least 6 in all.",
            ),
        ),
        Ind(
            "e",
            "Зерттеуге қатысушылар саны, тізімі",
            "Количество и список участников исследования",
            "Number and list of the survey's respondents",
            300,
            U.PEOPLE,
            note=(
                "Сауалнама бұл жүйеде жүргізілмейді: респонденттер саны тізіммен бірге қолмен енгізіледі.",
                "Опрос проводится вне системы: число респондентов вносится вручную вместе со списком.",
                "The survey is not run in this system: the number of respondents is entered by hand with the list.",
            ),
        ),
        Ind(
            "f",
            "Әлеуметтік зерттеудің қорытындысы",
            "Итоги социального исследования",
            "Results of the social survey",
            1,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "survey_result",
        ),
        Ind(
            "g",
            "Зерттеудің қорытындысы бойынша ЖАО-ға (соның ішінде Ұлттық экономика министрлігі) жолданған хаттардың "
            "көшірмелері",
            "Копии писем, направленных в МИО (в том числе в Министерство национальной экономики) по итогам "
            "исследования",
            "Copies of the letters sent to local executive bodies (the Ministry of National Economy included) on "
            "the survey's results",
            3,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "letter",
            place=UNATTACHED,
            note=(
                "Ешбір іс-шараға байланбаған хаттар; конференция ұсыныстары бойынша хаттар 2.1-де саналады.",
                "Письма, не привязанные к мероприятию; письма по рекомендациям конференции считаются в 2.1.",
                "Letters tied to no event; the letters on the conference's recommendations count under 2.1.",
            ),
        ),
    ],
)

SESSIONS = Act(
    "1.2",
    *SESSIONS_TITLE,
    planned_events=10,
    indicators=[
        Ind(
            "a",
            "Тапсырыс берушімен келісілген кездесулердің тақырыбы мен бағдарламасы",
            "Согласованные с заказчиком тема и программа встреч",
            "Topic and programme of the meetings, agreed with the grantor",
            10,
            U.EVENTS,
            Src.EVIDENCE_EVENTS,
            "programme",
            kind=YS,
            place=EVENTS,
            approved=True,
        ),
        Ind(
            "b",
            "Тапсырыс берушілермен келісілген ЖАО-ның өкілдерінен спикерлер тізімі (түйіндеме, диплом)",
            "Согласованный с заказчиком список спикеров из представителей МИО (резюме, диплом)",
            "List of speakers from local executive bodies (CV, diploma), agreed with the grantor",
            2,
            U.PEOPLE,
            Src.APPROVED_SPEAKERS,
            kind=YS,
            note=TOTAL_NOT_PER_EVENT,
        ),
        Ind(
            "c",
            "Спикерлердің кездесу барысындағы тақырыптық баяндамалары",
            "Тематические доклады спикеров в ходе встреч",
            "Speakers' talks at the meetings",
            2,
            U.ITEMS,
            Src.TALKS,
            kind=YS,
            note=TOTAL_NOT_PER_EVENT,
        ),
        Ind("d", *FEEDBACK, 2, U.ITEMS, Src.FEEDBACK, scope=PE, kind=YS),
        Ind("e", *POST, 1, U.POSTS, Src.EVIDENCE, "social_post", scope=PE, kind=YS, place=EVENTS),
        Ind("f", *PRESS, 1, U.PUBLICATIONS, Src.EVIDENCE, "press", kind=YS, place=EVENTS, note=TOTAL_NOT_PER_EVENT),
        Ind("g", *PHOTO_VIDEO_ALT, 4, U.PHOTOS_VIDEOS, Src.EVIDENCE, "photo", 1, "video", PE, YS, EVENTS),
        Ind("h", *PARTICIPANTS, 1000, U.PEOPLE, Src.PARTICIPANTS, kind=YS),
        Ind("i", *SUMMARY, 1, U.DOCUMENTS, Src.EVIDENCE, "summary_note", scope=PE, kind=YS, place=EVENTS),
    ],
)

SEMINARS = Act(
    "1.3",
    "Шымкент қ. жергілікті өзін-өзі басқару органдарымен бюджетін қалыптастыру бойынша кездесу мен семинарлар "
    "ұйымдастыру",
    "Организация встреч и семинаров по формированию бюджета с органами местного самоуправления г. Шымкент",
    "Meetings and seminars on forming the budget with the local self-government bodies of Shymkent",
    planned_events=10,
    indicators=[
        Ind(
            "a",
            "Тапсырыс берушімен келісілген кездесулер мен семинарлардың тақырыбы мен бағдарламасы",
            "Согласованные с заказчиком тема и программа встреч и семинаров",
            "Topic and programme of the meetings and seminars, agreed with the grantor",
            10,
            U.EVENTS,
            Src.EVIDENCE_EVENTS,
            "programme",
            kind=BS,
            place=EVENTS,
            approved=True,
        ),
        Ind("b", *FEEDBACK, 2, U.ITEMS, Src.FEEDBACK, kind=BS, note=TOTAL_NOT_PER_EVENT),
        Ind("c", *POST, 1, U.POSTS, Src.EVIDENCE, "social_post", kind=BS, place=EVENTS, note=TOTAL_NOT_PER_EVENT),
        Ind("d", *PRESS, 1, U.PUBLICATIONS, Src.EVIDENCE, "press", kind=BS, place=EVENTS, note=TOTAL_NOT_PER_EVENT),
        Ind("e", *PHOTO_VIDEO_ALT, 2, U.PHOTOS_VIDEOS, Src.EVIDENCE, "photo", 1, "video", PE, BS, EVENTS),
        Ind("f", *PARTICIPANTS, 100, U.PEOPLE, Src.PARTICIPANTS, kind=BS),
        Ind("g", *SUMMARY, 1, U.DOCUMENTS, Src.EVIDENCE, "summary_note", scope=PE, kind=BS, place=EVENTS),
    ],
)

CASES = Act(
    "1.4",
    "Азаматтардың жергілікті қоғамдастық проблемаларын шешуге қатысуы",
    "Участие граждан в решении проблем местного сообщества",
    "Citizens taking part in solving the local community's problems",
    [Ind("a", "Жағымды кейс", "Положительный кейс", "Positive case", 3, U.DOCUMENTS, Src.EVIDENCE, "positive_case")],
)

TASK_1 = TaskSpec("1", *SESSIONS_TITLE, [SURVEY, SESSIONS, SEMINARS, CASES])
