"""Block III, tasks 4 and 5: information work (banners, videos) and coverage of every event."""

from .spec import EVENTS, FILED, PHOTO_VIDEO, POST, PRESS, Act, Ind, Src, TaskSpec, U

INFO_WORK = (
    "Жоба аясында ақпараттық жұмысты ұйымдастыру, сонымен қатар 10 тақырыптық баннерлер шығару және қаланың "
    "орталық көшелеріне орналастыру және 3 тақырыптық бейнеролик әзірлеу және әлеуметтік желіде жариялау",
    "Организация информационной работы в рамках проекта, в том числе изготовление 10 тематических баннеров и их "
    "размещение на центральных улицах города, разработка 3 тематических видеороликов и их публикация в социальных "
    "сетях",
    "Information work in the project: 10 themed banners made and put up on the city's central streets, and 3 "
    "themed videos made and published on social media",
)

AGREED = ("Тапсырыс берушімен келісілген", "Согласованные с заказчиком", "agreed with the grantor")

BANNERS = Act(
    "4.1",
    *INFO_WORK,
    [
        Ind(
            "a",
            "Тапсырыс берушімен келісілген баннерлердің тақырыптары",
            "Согласованные с заказчиком темы баннеров",
            "Banner topics agreed with the grantor",
            10,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "banner",
            approved=True,
            note=(
                "Тапсырыс беруші бекіткен әр баннер бір келісілген тақырып болып саналады.",
                "Каждый баннер, утверждённый заказчиком, считается одной согласованной темой.",
                "Each banner the grantor approved counts as one agreed topic.",
            ),
        ),
        Ind(
            "b",
            "Тапсырыс берушімен келісілген баннерлерді орналастыру көшелері",
            "Согласованные с заказчиком улицы размещения баннеров",
            "Streets for the banners agreed with the grantor",
            10,
            U.ITEMS,
            Src.BANNER_STREETS,
            approved=True,
        ),
        Ind("c", *PHOTO_VIDEO, 10, U.PHOTOS_VIDEOS, Src.EVIDENCE, "banner|photo", 1, "video", place=FILED),
        Ind("d", *POST, 1, U.POSTS, Src.EVIDENCE, "social_post", place=FILED),
        Ind(
            "e",
            "Тапсырыс берушімен келісілген бейнеролик тақырыбы, сценарийі",
            "Согласованные с заказчиком тема и сценарий видеоролика",
            "Video topic and script agreed with the grantor",
            3,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "script",
            place=FILED,
            approved=True,
        ),
        Ind(
            "f",
            "Тапсырыс берушімен келісілген бейнеролик",
            "Согласованный с заказчиком видеоролик",
            "Video agreed with the grantor",
            3,
            U.VIDEOS,
            Src.EVIDENCE,
            "video_clip",
            approved=True,
        ),
        Ind(
            "g",
            "Әлеуметтік желілерге жарияланым (скрин, сілтемелері)",
            "Публикация в социальных сетях (скриншоты, ссылки)",
            "Publication on social media (screenshots, links)",
            4,
            U.POSTS,
            Src.EVIDENCE,
            "social_post|video_clip",
            place=FILED,
        ),
    ],
)

TASK_4 = TaskSpec("4", INFO_WORK[0] + ";", INFO_WORK[1], INFO_WORK[2], [BANNERS])

EVERY_EVENT_NOTE = (
    "Іс-шараға байланған дәлелдер (әр іс-шараның түсірілімі).",
    "Подтверждения, привязанные к мероприятиям (съёмка каждого мероприятия).",
    "Evidence tied to an event (the coverage of every event).",
)

COVERAGE = Act(
    "5.1",
    "Әрбір іс-шараның фото және бейне түсірілімін ұйымдастыру.",
    "Организация фото- и видеосъёмки каждого мероприятия.",
    "Photo and video coverage of every event.",
    [
        Ind(
            "a",
            "Әлеуметтік желілерге жарияланым (Instagram, Facebook, TikTok, YouTube)",
            "Публикация в социальных сетях (Instagram, Facebook, TikTok, YouTube)",
            "Publication on social media (Instagram, Facebook, TikTok, YouTube)",
            20,
            U.POSTS,
            Src.EVIDENCE,
            "social_post",
            place=EVENTS,
            note=EVERY_EVENT_NOTE,
        ),
        Ind("b", *PRESS, 2, U.PUBLICATIONS, Src.EVIDENCE, "press", place=EVENTS, note=EVERY_EVENT_NOTE),
        Ind(
            "c",
            *PHOTO_VIDEO,
            20,
            U.PHOTOS_VIDEOS,
            Src.EVIDENCE,
            "photo",
            3,
            "video",
            place=EVENTS,
            note=EVERY_EVENT_NOTE,
        ),
    ],
)

FILM = Act(
    "5.2",
    "Шымкент қ. жергілікті өзін-өзі басқаруды дамыту жүйесіне қатысты танымдық фильм әзірлеу",
    "Разработка познавательного фильма о системе развития местного самоуправления г. Шымкент",
    "An educational film on the development of local self-government in Shymkent",
    [
        Ind(
            "a",
            "Тапсырыс берушімен келісілген фильм сценарийі",
            "Согласованный с заказчиком сценарий фильма",
            "Film script agreed with the grantor",
            1,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "script",
            place=FILED,
            approved=True,
        ),
        Ind(
            "b",
            "Тапсырыс берушімен келісілген фильм",
            "Согласованный с заказчиком фильм",
            "Film agreed with the grantor",
            1,
            U.VIDEOS,
            Src.EVIDENCE,
            "video_clip|video",
            place=FILED,
            approved=True,
        ),
    ],
)

RESOURCE = Act(
    "5.3",
    "Жергілікті өзін-өзі басқарудың ақпараттық ресурсын әзірлеу",
    "Разработка информационного ресурса о местном самоуправлении",
    "An information resource on local self-government",
    [
        Ind(
            "a",
            "Тапсырыс берушімен келісілген «Azamattyq Basqaru ақпараттық кітапша»",
            "Согласованная с заказчиком «Информационная брошюра Azamattyq Basqaru»",
            "“Azamattyq Basqaru information booklet” agreed with the grantor",
            1,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "*",
            place=FILED,
            approved=True,
        ),
        Ind(
            "b",
            "Кітапшаны электронды таралымы",
            "Электронный тираж брошюры",
            "Electronic edition of the booklet",
            1,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "*",
            place=FILED,
        ),
        Ind(
            "c", "Онлайн платформасы", "Онлайн-платформа", "Online platform", 1, U.ITEMS, Src.EVIDENCE, "*", place=FILED
        ),
        Ind("d", "Дайджест", "Дайджест", "Digest", 1, U.DOCUMENTS, Src.EVIDENCE, "*", place=FILED),
    ],
)

PODCASTS = Act(
    "5.4",
    "Жергілікті өзін өзі басқару және азаматтық қоғамды дамыту тақырыптарына тақырыптық подкасттар түсіру",
    "Запись тематических подкастов о развитии местного самоуправления и гражданского общества",
    "Themed podcasts on local self-government and the development of civil society",
    [
        Ind(
            "a",
            "Тапсырыс берушімен келісілген подкасттың бағдарламасы мен сценарийі",
            "Согласованные с заказчиком программа и сценарий подкаста",
            "Podcast programme and script agreed with the grantor",
            3,
            U.DOCUMENTS,
            Src.EVIDENCE,
            "script|programme",
            place=FILED,
            approved=True,
        ),
        Ind(
            "b",
            "Подкасттың жарияланымы (скрин, сілтемесі)",
            "Публикация подкаста (скриншот, ссылка)",
            "Publication of the podcast (screenshot, link)",
            1,
            U.POSTS,
            Src.EVIDENCE,
            "podcast",
        ),
    ],
)

TASK_5 = TaskSpec(
    "5",
    "«Әрбір іс-шараның фото және бейне түсірілімін ұйымдастыру»",
    "«Организация фото- и видеосъёмки каждого мероприятия»",
    "“Photo and video coverage of every event”",
    [COVERAGE, FILM, RESOURCE, PODCASTS],
)
