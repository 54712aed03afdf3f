"""What the demo programme says: the grant's topics, its speakers and venues, in Kazakh, Russian
and English. `events.demo` builds the programme from it."""

from .models import SpeakerApproval

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
        -30,
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

# Representatives of local government who speak at the youth sessions, with their biographies
# (kk, ru, en); the last one's approval by the grantor is still awaited.
SESSION_SPEAKERS = [
    ("Нұржан Бекболатұлы", "Бас маман", "Әл-Фараби ауданы әкімінің аппараты", SpeakerApproval.APPROVED,
     ("Он жыл бойы аудандық әкімдікте азаматтардың өтініштерімен жұмыс істейді.",
      "Десять лет работает с обращениями граждан в районном акимате.",
      "Has handled citizens' requests at the district akimat for ten years.")),
    ("Айнұр Қасымова", "Бөлім басшысы", "Шымкент қаласының жастар саясаты басқармасы", SpeakerApproval.APPROVED,
     ("Қаланың жастар ресурстық орталықтарының жұмысын үйлестіреді.",
      "Координирует работу молодёжных ресурсных центров города.",
      "Coordinates the city's youth resource centres.")),
    ("Серік Омаров", "Депутат", "Шымкент қалалық мәслихаты", SpeakerApproval.PENDING,
     ("Қалалық мәслихаттың бюджет жөніндегі тұрақты комиссиясының мүшесі.",
      "Член постоянной комиссии городского маслихата по бюджету.",
      "A member of the city maslikhat's standing committee on the budget.")),
]  # fmt: skip

# The first session has a second talk, on the budget.
SESSION_BUDGET_TALK = (
    "Жастар және жергілікті бюджет",
    "Молодёжь и местный бюджет",
    "Young people and the local budget",
)

# The conference's speakers: name, position, organisation, topic (kk, ru, en), biography (kk, ru, en).
CONFERENCE_SPEAKERS = [
    ("Әлия Сейітқызы", "Бөлім басшысы", "Шымкент қаласының ішкі саясат басқармасы",
     ("Жергілікті өзін-өзі басқарудың бүгінгі жағдайы", "Местное самоуправление сегодня",
      "Local self-government today"),
     ("Қалада жергілікті қоғамдастық жиналыстарын ұйымдастыруға жауапты.",
      "Отвечает в городе за организацию собраний местного сообщества.",
      "Responsible for organising local community assemblies in the city.")),
    ("Ерлан Тұрсынұлы", "Доцент", "ҚР Президенті жанындағы Мемлекеттік басқару академиясы",
     ("Өзін-өзі басқару институтының тарихы", "История института самоуправления",
      "A history of self-government"),
     ("Жергілікті басқару тарихы бойынша отызға жуық мақаланың авторы.",
      "Автор около тридцати статей по истории местного управления.",
      "Author of some thirty papers on the history of local government.")),
    ("Гүлнар Әбдірахманова", "Сарапшы", "ҚР Ұлттық экономика министрлігі",
     ("Жергілікті бюджет және қоғамдастық", "Местный бюджет и сообщество", "The local budget and the community"),
     ("Жергілікті бюджеттердің ашықтығы бойынша ведомствоаралық топта жұмыс істейді.",
      "Работает в межведомственной группе по открытости местных бюджетов.",
      "Works in the inter-ministerial group on open local budgets.")),
    ("Дәурен Құдайбергенов", "Бағдарлама үйлестірушісі", "Ханнс Зайдель қоры (Орталық Азия)",
     ("Халықаралық тәжірибе: Германия мен Орталық Азия", "Международный опыт: Германия и Центральная Азия",
      "International experience: Germany and Central Asia"),
     ("Орталық Азиядағы азаматтық білім беру бағдарламаларын басқарады.",
      "Руководит программами гражданского образования в Центральной Азии.",
      "Runs civic education programmes in Central Asia.")),
    ("Мәдина Жақсылықова", "Бас редактор", "«Дала мен Қала» газеті",
     ("БАҚ және азаматтық белсенділік", "СМИ и гражданская активность", "The media and civic activity"),
     ("Жиырма жыл бойы аймақтық баспасөзде жұмыс істейді.",
      "Двадцать лет работает в региональной прессе.",
      "Has worked in the regional press for twenty years.")),
]  # fmt: skip

VENUES = [
    ("Жастар ресурстық орталығы", "Шымкент, Тәуке хан даңғылы, 25"),
    ("Қалалық мәслихаттың мәжіліс залы", "Шымкент, Әл-Фараби алаңы, 2"),
    ("Конгресс-холл «Шымкент»", "Шымкент, Байтұрсынов көшесі, 10"),
]
