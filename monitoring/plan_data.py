"""The monitoring plan of grant agreement No. 83 of 28 May 2024 (Appendix 3, Blocks III and IV).

Kazakh titles are the grantor's wording where the document gives it. Each indicator is
(code suffix, kk, ru, en, target, unit, scope, event kind, source, source param). Where one
evidence kind would be counted by two activities that have no event to tell them apart
(e.g. the survey's social-media posts and the project's posts in 5.1), the narrower one is
entered by hand, so nothing is counted twice by accident.
"""

from datetime import date

from events.models import EventKind as K

from .models import IndicatorScope as S
from .models import IndicatorSource as Src
from .models import IndicatorUnit as U

# The plan is a table, one indicator a line as in the grant document: kept that way by hand.
# fmt: off
PLAN = {
    "name": "«Азаматтық BasQaru»: Шымкент қаласындағы жергілікті қоғамдастықтардың азаматтық белсенділігі мен "
            "әлеуетін арттыру",
    "grantee": "«Басқары» қоғамдық қоры",
    "grantor": "«Азаматтық бастамаларды қолдау орталығы» КЕАҚ",
    "agreement": "№ 83, 28.05.2024",
    "starts_on": date(2024, 8, 1),
    "ends_on": date(2024, 11, 30),
}

T, PE = S.TOTAL, S.PER_EVENT
YS, BS, CF = K.YOUTH_SESSION, K.BUDGET_SEMINAR, K.CONFERENCE
EV, MAN = Src.EVIDENCE, Src.MANUAL

# (number, kk, ru, en, [(activity code, kk, ru, en, [indicator, ...]), ...])
TASKS = [
    ("1", "ЖӨБ өкілдерімен жастарға арналған ақпараттық сессиялар",
     "Информационные сессии для молодёжи с представителями МСУ",
     "Information sessions for youth with LSG representatives", [
         ("1.1", "ЖӨБ органдарының өз құқықтарын іске асыруына кедергі келтіретін мәселелер бойынша әлеуметтік "
                 "сауалнама",
          "Социальный опрос о проблемах, мешающих органам МСУ реализовывать свои права",
          "Social survey of the problems that keep LSG bodies from exercising their rights", [
              ("a", "Тапсырыс берушімен келісілген сауалнама", "Согласованная анкета", "Agreed questionnaire",
               2, U.DOCUMENTS, T, "", EV, "questionnaire"),
              ("b", "Әлеуметтік желілердегі жарияланымдар", "Публикации в социальных сетях", "Social-media posts",
               4, U.POSTS, T, "", MAN, ""),
              ("c", "Фотоесеп", "Фотоотчёт", "Photo report", 4, U.PHOTOS, T, "", MAN, ""),
              ("d", "Бейнеесеп", "Видеоотчёт", "Video report", 1, U.VIDEOS, T, "", MAN, ""),
              ("e", "Толтырылған сауалнамалар (әр сауалнама бойынша)", "Заполненные анкеты (на каждую анкету)",
               "Filled questionnaires (per questionnaire)", 3, U.DOCUMENTS, T, "", MAN, ""),
              ("f", "Респонденттер (саны мен тізімі)", "Респонденты (количество и список)",
               "Respondents (count and list)", 300, U.PEOPLE, T, "", MAN, ""),
              ("g", "Сауалнама нәтижелері", "Результаты опроса", "Survey results", 1, U.DOCUMENTS, T, "", EV,
               "survey_result"),
              ("h", "Жергілікті атқарушы органдарға (оның ішінде Министрлікке) жолданған хаттар",
               "Письма в местные исполнительные органы (в т. ч. Министерство)",
               "Letters to local executive bodies (incl. the Ministry)", 3, U.DOCUMENTS, T, "", MAN, ""),
          ]),
         ("1.2", "ЖӨБ өкілдерімен жастарға арналған 10 ақпараттық сессия",
          "10 информационных сессий для молодёжи с представителями МСУ",
          "10 information sessions for youth with LSG representatives", [
              ("a", "Тапсырыс берушімен келісілген тақырып пен бағдарлама", "Согласованные тема и программа",
               "Agreed topic and programme", 10, U.DOCUMENTS, T, YS, EV, "programme"),
              ("b", "Жергілікті билік өкілдерінен келісілген спикерлер (түйіндеме, диплом)",
               "Согласованные спикеры от местной власти (резюме, диплом)",
               "Agreed speakers from local authorities (CV, diploma)", 2, U.PEOPLE, PE, YS,
               Src.APPROVED_SPEAKERS, ""),
              ("c", "Спикерлердің баяндамалары", "Выступления спикеров", "Speakers' talks", 2, U.ITEMS, PE, YS,
               Src.TALKS, ""),
              ("d", "Пікірлер", "Отзывы", "Feedback", 2, U.ITEMS, PE, YS, Src.FEEDBACK, ""),
              ("e", "Әлеуметтік желідегі жарияланым", "Публикация в социальных сетях", "Social-media post",
               1, U.POSTS, PE, YS, EV, "social_post"),
              ("f", "БАҚ-тағы жарияланым", "Публикация в СМИ", "Press publication", 1, U.PUBLICATIONS, PE, YS,
               EV, "press"),
              ("g", "Фотоесеп", "Фотоотчёт", "Photo report", 4, U.PHOTOS, PE, YS, EV, "photo"),
              ("h", "Бейнеесеп", "Видеоотчёт", "Video report", 1, U.VIDEOS, PE, YS, EV, "video"),
              ("i", "Қатысушылар (тізім, саны)", "Участники (список, количество)", "Participants (list, count)",
               1000, U.PEOPLE, T, YS, Src.CHECKINS, ""),
              ("j", "Қорытынды жазба", "Итоговая записка", "Summary note", 1, U.DOCUMENTS, PE, YS, EV,
               "summary_note"),
          ]),
         ("1.3", "Шымкент қаласының ЖӨБ органдарымен жергілікті бюджетті қалыптастыру бойынша 10 кездесу мен "
                 "семинар",
          "10 встреч и семинаров по формированию местного бюджета с органами МСУ Шымкента",
          "10 meetings and seminars on forming the local budget with Shymkent LSG bodies", [
              ("a", "Тапсырыс берушімен келісілген тақырып пен бағдарлама", "Согласованные тема и программа",
               "Agreed topic and programme", 10, U.DOCUMENTS, T, BS, EV, "programme"),
              ("b", "Пікірлер", "Отзывы", "Feedback", 2, U.ITEMS, PE, BS, Src.FEEDBACK, ""),
              ("c", "Әлеуметтік желідегі жарияланым", "Публикация в социальных сетях", "Social-media post",
               1, U.POSTS, T, BS, EV, "social_post"),
              ("d", "БАҚ-тағы жарияланым", "Публикация в СМИ", "Press publication", 1, U.PUBLICATIONS, T, BS,
               EV, "press"),
              ("e", "Фотоесеп", "Фотоотчёт", "Photo report", 2, U.PHOTOS, PE, BS, EV, "photo"),
              ("f", "Бейнеесеп", "Видеоотчёт", "Video report", 1, U.VIDEOS, PE, BS, EV, "video"),
              ("g", "Қатысушылар (тізім, саны)", "Участники (список, количество)", "Participants (list, count)",
               100, U.PEOPLE, T, BS, Src.CHECKINS, ""),
              ("h", "Қорытынды жазба", "Итоговая записка", "Summary note", 1, U.DOCUMENTS, PE, BS, EV,
               "summary_note"),
          ]),
         ("1.4", "Азаматтардың жергілікті қоғамдастық мәселелерін шешуі",
          "Решение гражданами проблем местного сообщества", "Citizens solving local community problems", [
              ("a", "Оң кейстер", "Положительные кейсы", "Positive cases", 3, U.DOCUMENTS, T, "", EV,
               "positive_case"),
          ]),
     ]),
    ("2", "Конференция (кемінде 300 қатысушы)", "Конференция (не менее 300 участников)",
     "The conference (at least 300 participants)", [
         ("2.1", "Азаматтық қоғам және ЖӨБ мәселелері бойынша 5 спикермен қалалық конференция: «Демократиялық "
                 "үдерістердегі өзін-өзі басқару институтының рөлі: кеше, бүгін, ертең»",
          "Городская конференция с 5 спикерами о гражданском обществе и МСУ",
          "City conference with 5 speakers on civil society and LSG", [
              ("a", "Келісілген бағдарлама", "Согласованная программа", "Agreed programme", 1, U.DOCUMENTS, T,
               CF, EV, "programme"),
              ("b", "Түйіндемелерімен келісілген спикерлер тізімі", "Согласованный список спикеров с резюме",
               "Agreed speaker list with CVs", 5, U.PEOPLE, T, CF, Src.APPROVED_SPEAKERS, ""),
              ("c", "Медаль дизайнының келісілген фотосы", "Согласованное фото дизайна медали",
               "Agreed photo of the medal design", 4, U.PHOTOS, T, CF, EV, "design"),
              ("d", "Медальдарға қабылдау-табыстау актісі", "Акт приёма-передачи медалей",
               "Acceptance–transfer act for the medals", 1, U.DOCUMENTS, T, "", MAN, ""),
              ("e", "Жобаның логотипі бар тақырыптық медальдар", "Тематические медали с логотипом проекта",
               "Themed medals with the project logo", 300, U.ITEMS, T, "", Src.ITEMS_HANDED_OUT, "medal"),
              ("f", "Спикерлердің баяндамалары", "Выступления спикеров", "Speakers' talks", 5, U.ITEMS, T, CF,
               Src.TALKS, ""),
              ("g", "Қатысушылар (тізім, саны)", "Участники (список, количество)", "Participants (list, count)",
               300, U.PEOPLE, T, CF, Src.CHECKINS, ""),
              ("h", "Үлестірме материалдардың фотосы", "Фото раздаточных материалов", "Photos of handouts",
               4, U.PHOTOS, T, "", MAN, ""),
              ("i", "Пікірлер", "Отзывы", "Feedback", 4, U.ITEMS, T, CF, Src.FEEDBACK, ""),
              ("j", "Әлеуметтік желілердегі жарияланымдар", "Публикации в социальных сетях",
               "Social-media posts", 4, U.POSTS, T, CF, EV, "social_post"),
              ("k", "БАҚ-тағы жарияланым", "Публикация в СМИ", "Press publication", 1, U.PUBLICATIONS, T, CF,
               EV, "press"),
              ("l", "Фотоесеп", "Фотоотчёт", "Photo report", 8, U.PHOTOS, T, CF, EV, "photo"),
              ("m", "Бейнеесеп", "Видеоотчёт", "Video report", 1, U.VIDEOS, T, CF, EV, "video"),
              ("n", "Конференция ұсынымдары бойынша жолданған хаттар",
               "Письма по рекомендациям конференции", "Letters sent on the conference's recommendations",
               2, U.DOCUMENTS, T, CF, EV, "letter"),
              ("o", "Хаттама", "Протокол", "Minutes", 1, U.DOCUMENTS, T, CF, EV, "minutes"),
              ("p", "LED экран және дыбыс жабдығы", "LED-экран и звуковое оборудование",
               "LED screen and sound", 1, U.ITEMS, T, "", MAN, ""),
              ("q", "Дыбыс күшейткіш жабдық", "Звукоусиливающее оборудование", "Amplification equipment",
               1, U.ITEMS, T, "", MAN, ""),
          ]),
         ("2.2", "Конференция ұсынымдары (сараптамалық жұмыс)", "Рекомендации конференции (экспертная работа)",
          "Recommendations of the conference (expert work)", [
              ("a", "Сараптамалық қорытындылар", "Экспертные заключения", "Expert findings", 1, U.DOCUMENTS, T,
               "", MAN, ""),
              ("b", "Ұсынымдар пакеті", "Пакет рекомендаций", "Package of recommendations", 1, U.DOCUMENTS, T,
               "", EV, "recommendation"),
          ]),
     ]),
    ("3", "Конференцияның үлестірме материалдары", "Раздаточные материалы конференции", "Conference handouts", [
        ("3.1", "Логотипі бар портфолио, флешка, дәптер және қалам (әрқайсысы кемінде 300)",
         "Портфолио, флешка, блокнот и ручка с логотипом (не менее 300 каждого)",
         "Portfolio, flash drive, notebook and pen with the logo (at least 300 of each)", [
             ("a", "Келісілген дизайндағы төрт заттың фотосы", "Фото четырёх предметов в согласованном дизайне",
              "Photos of the four items in the agreed design", 4, U.PHOTOS, T, "", MAN, ""),
             ("b", "Қабылдау-табыстау актісі", "Акт приёма-передачи", "Acceptance–transfer act", 1, U.DOCUMENTS,
              T, "", MAN, ""),
             ("c", "Портфолио", "Портфолио", "Portfolio", 300, U.ITEMS, T, "", Src.ITEMS_HANDED_OUT, "portfolio"),
             ("d", "Флешка", "Флешка", "Flash drive", 300, U.ITEMS, T, "", Src.ITEMS_HANDED_OUT, "flash drive"),
             ("e", "Дәптер", "Блокнот", "Notebook", 300, U.ITEMS, T, "", Src.ITEMS_HANDED_OUT, "notebook"),
             ("f", "Қалам", "Ручка", "Pen", 300, U.ITEMS, T, "", Src.ITEMS_HANDED_OUT, "pen"),
             ("g", "Таратудың фотоесебі", "Фотоотчёт о раздаче", "Photo report of the distribution", 10,
              U.PHOTOS, T, "", MAN, ""),
             ("h", "Таратудың бейнеесебі", "Видеоотчёт о раздаче", "Video report of the distribution", 1,
              U.VIDEOS, T, "", MAN, ""),
         ]),
    ]),
    ("4", "Ақпараттық жұмыс", "Информационная работа", "Information work", [
        ("4.1", "10 тақырыптық баннер және әлеуметтік желілердегі 3 тақырыптық бейнеролик",
         "10 тематических баннеров и 3 тематических видеоролика в социальных сетях",
         "10 themed banners and 3 themed videos on social media", [
             ("a", "Баннерлердің келісілген тақырыптары", "Согласованные темы баннеров", "Agreed banner topics",
              10, U.DOCUMENTS, T, "", MAN, ""),
             ("b", "Баннерлерге келісілген көшелер", "Согласованные улицы для баннеров",
              "Agreed streets for the banners", 10, U.ITEMS, T, "", MAN, ""),
             ("c", "Баннерлердің фотоесебі", "Фотоотчёт о баннерах", "Photo report of the banners", 10,
              U.PHOTOS, T, "", EV, "banner"),
             ("d", "Баннерлердің бейнеесебі", "Видеоотчёт о баннерах", "Video report of the banners", 1,
              U.VIDEOS, T, "", MAN, ""),
             ("e", "Әлеуметтік желідегі жарияланым", "Публикация в социальных сетях", "Social-media post", 1,
              U.POSTS, T, "", MAN, ""),
             ("f", "Бейнероликтердің келісілген тақырыптары мен сценарийлері",
              "Согласованные темы и сценарии видеороликов", "Agreed video topics and scripts", 3, U.DOCUMENTS, T,
              "", EV, "script"),
             ("g", "Келісілген бейнероликтер", "Согласованные видеоролики", "Agreed videos", 3, U.VIDEOS, T, "",
              EV, "video_clip"),
             ("h", "Бейнероликтердің әлеуметтік желілердегі жарияланымдары (скриншот, сілтеме)",
              "Публикации видеороликов в социальных сетях (скриншоты, ссылки)",
              "Social-media publications of the videos (screenshots, links)", 4, U.POSTS, T, "", MAN, ""),
         ]),
    ]),
    ("5", "Барлық іс-шараларды жариялау", "Освещение всех мероприятий", "Coverage of every event", [
        ("5.1", "Әр іс-шараның фото және бейне түсірілімі", "Фото- и видеосъёмка каждого мероприятия",
         "Photo and video of every event", [
             ("a", "Әлеуметтік желілердегі жарияланымдар", "Публикации в социальных сетях", "Social-media posts",
              20, U.POSTS, T, "", EV, "social_post"),
             ("b", "БАҚ-тағы жарияланымдар", "Публикации в СМИ", "Press publications", 2, U.PUBLICATIONS, T, "",
              EV, "press"),
             ("c", "Фотоесеп", "Фотоотчёт", "Photo report", 20, U.PHOTOS, T, "", EV, "photo"),
             ("d", "Бейнеесеп", "Видеоотчёт", "Video report", 3, U.VIDEOS, T, "", EV, "video"),
         ]),
        ("5.2", "Шымкенттегі ЖӨБ туралы ағартушылық фильм", "Просветительский фильм о МСУ в Шымкенте",
         "Educational film on LSG in Shymkent", [
             ("a", "Келісілген сценарий", "Согласованный сценарий", "Agreed script", 1, U.DOCUMENTS, T, "", MAN,
              ""),
             ("b", "Келісілген фильм", "Согласованный фильм", "Agreed film", 1, U.VIDEOS, T, "", MAN, ""),
         ]),
        ("5.3", "ЖӨБ ақпараттық ресурсы", "Информационный ресурс о МСУ", "LSG information resource", [
            ("a", "«Азаматтық Басқару» кітапшасы", "Буклет «Азаматтық Басқару»", "“Azamattyq Basqaru” booklet", 1,
             U.DOCUMENTS, T, "", MAN, ""),
            ("b", "Кітапшаның электрондық нұсқасы", "Электронная версия буклета",
             "Electronic edition of the booklet", 1, U.DOCUMENTS, T, "", MAN, ""),
            ("c", "Онлайн платформа", "Онлайн-платформа", "Online platform", 1, U.ITEMS, T, "", MAN, ""),
            ("d", "Дайджест", "Дайджест", "Digest", 1, U.DOCUMENTS, T, "", MAN, ""),
        ]),
        ("5.4", "Тақырыптық подкасттар", "Тематические подкасты", "Themed podcasts", [
            ("a", "Келісілген бағдарлама мен сценарийлер", "Согласованные программа и сценарии",
             "Agreed programme and scripts", 3, U.DOCUMENTS, T, "", MAN, ""),
            ("b", "Подкасттардың жарияланымдары (скриншот, сілтеме)", "Публикации подкастов (скриншот, ссылка)",
             "Podcast publications (screenshot, link)", 1, U.POSTS, T, "", EV, "podcast"),
        ]),
    ]),
    ("P", "Жобаның көпшілік алдындағы таныстырылымдары", "Публичные презентации проекта",
     "Public presentations", [
         ("P.1", "Жобаны бастау таныстырылымы (тамыз)", "Презентация запуска проекта (август)",
          "Project launch presentation (August)", [
              ("a", "Таныстырылым", "Презентация", "Presentation", 1, U.EVENTS, T, "", MAN, ""),
              ("b", "Әлеуметтік желілердегі жарияланымдар", "Публикации в социальных сетях",
               "Social-media posts", 2, U.POSTS, T, "", MAN, ""),
          ]),
         ("P.2", "Жоба нәтижелерінің таныстырылымы (қараша)", "Презентация результатов проекта (ноябрь)",
          "Project results presentation (November)", [
              ("a", "Таныстырылым", "Презентация", "Presentation", 1, U.EVENTS, T, "", MAN, ""),
              ("b", "Әлеуметтік желілердегі жарияланымдар", "Публикации в социальных сетях",
               "Social-media posts", 2, U.POSTS, T, "", MAN, ""),
          ]),
     ]),
    ("C", "Ақпараттық арналар («BasQaru» парақшасы, жергілікті БАҚ, онлайн платформалар)",
     "Информационные каналы (страница «BasQaru», местные СМИ, онлайн-платформы)",
     "Information channels (the “BasQaru” page, local press, online platforms)", [
         ("C.1", "Ақпараттық арналар", "Информационные каналы", "Information channels", [
             ("a", "Бейнероликтер", "Видеоролики", "Video clips", 3, U.VIDEOS, T, "", EV, "video_clip"),
             ("b", "Әлеуметтік желілердегі жарияланымдар", "Публикации в социальных сетях", "Social-media posts",
              20, U.POSTS, T, "", EV, "social_post"),
             ("c", "Мақалалар", "Статьи", "Articles", 2, U.PUBLICATIONS, T, "", EV, "press"),
             ("d", "Баннерлер", "Баннеры", "Banners", 10, U.ITEMS, T, "", EV, "banner"),
             ("e", "Сұхбаттар", "Интервью", "Interviews", 5, U.PUBLICATIONS, T, "", EV, "interview"),
             ("f", "Ақпараттық бейнеролик", "Информационный видеоролик", "Information video", 1, U.VIDEOS, T, "",
              MAN, ""),
             ("g", "Хабарландырулар", "Анонсы", "Announcements", 5, U.POSTS, T, "", EV, "announcement"),
         ]),
     ]),
    ("IV", "Әлеуметтік әсер", "Социальный эффект", "Social impact", [
        ("IV", "Жобаның әлеуметтік әсері", "Социальный эффект проекта", "Social impact of the project", [
            ("1", "Тікелей пайда алушылар", "Прямые благополучатели", "Direct beneficiaries", 1400, U.PEOPLE, T,
             "", Src.UNIQUE_PEOPLE, ""),
            ("2", "Жанама пайда алушылар (БАҚ арқылы)", "Косвенные благополучатели (через СМИ)",
             "Indirect beneficiaries (through the media)", 3000, U.PEOPLE, T, "", MAN, ""),
            ("3", "Еңбек шарты бойынша жұмыс істейтін қызметкерлер", "Сотрудники по трудовым договорам",
             "Staff under employment contracts", 3, U.PEOPLE, T, "", MAN, ""),
            ("4", "Тартылған сарапшылар", "Привлечённые эксперты", "Experts engaged", 10, U.PEOPLE, T, "", MAN,
             ""),
            ("5", "Тартылған ҮЕҰ", "Вовлечённые НПО", "NGOs involved", 3, U.ORGANISATIONS, T, "", MAN, ""),
            ("6", "Жоба серіктестері", "Партнёры проекта", "Partners of the project", 6, U.ORGANISATIONS, T, "",
             MAN, ""),
        ]),
    ]),
]

DIRECT_BENEFICIARIES_CODE = "IV.1"
# fmt: on
