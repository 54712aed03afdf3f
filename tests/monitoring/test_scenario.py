"""A small grant with a known answer: two youth sessions, one seminar, the conference and the
presentations, built here with people who come to several events, staff who check in, people
without phones, rejected and pending evidence, acts with their quantities, a counter-act, a
handout and its return. Every indicator's actual is written out by hand below, one line each,
from the counting rules of GRANT_PLAN.md; the comment says why."""

from datetime import date
from decimal import Decimal

import pytest

from events.models import EventKind, EventStatus, SpeakerApproval
from inventory import services as inventory
from inventory.models import ActKind, Holder, HolderKind, ItemType
from media_log import services as media
from monitoring import services
from monitoring.models import GrantItem, Indicator
from monitoring.selectors import indicator_rows
from registration.models import Role
from registration.services import undo_check_in
from tests.conftest import make_user
from tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory, SpeakerFactory, TalkFactory
from tests.inventory.factories import signature_png
from tests.support import local

from .conftest import attend, evidence

pytestmark = pytest.mark.django_db

TODAY = date(2024, 10, 15)

# code: (actual, second actual or None). "At every event" indicators: the held events that meet it.
EXPECTED = {
    "1.1.a": (1, None),  # two questionnaires, one approved, one pending
    "1.1.b": (1, None),  # the one post filed under it; the other event-less post is not
    "1.1.c": (0, 0),  # nothing filed
    "1.1.d": (6, None),  # typed twice, 4 then 6: the newest counts
    "1.1.e": (0, None),  # never typed
    "1.1.f": (1, None),  # the survey's results
    "1.1.g": (1, None),  # two event-less letters, one dated before the period
    "1.2.a": (1, None),  # sessions with an approved programme: s1 (two files count once); s2's is pending
    "1.2.b": (1, None),  # X approved (talks at both sessions); Y on s2's agenda awaits approval
    "1.2.c": (2, None),  # X's talks at s1 and s2
    "1.2.d": (1, None),  # feedback ≥ 2: s1 has 2, s2 has 1
    "1.2.e": (2, None),  # a post at each session
    "1.2.f": (1, None),  # the press article about s2
    "1.2.g": (1, None),  # 4/1 at s1; s2 has 3 photos once the rejected one is left out
    "1.2.h": (4, None),  # Aigerim, Nurlan of school 12 (no phone, twice), Nurlan of school 45, Dana
    "1.2.i": (1, None),  # a summary note for s1 only
    "1.3.a": (1, None),  # the seminar's approved programme
    "1.3.b": (1, None),  # Yerzhan's feedback
    "1.3.c": (1, None),  # the seminar's post
    "1.3.d": (0, None),  # no press about the seminar
    "1.3.e": (1, None),  # 2 photos and a video: 2/1 met
    "1.3.f": (2, None),  # Dana (without a phone here, joined by name and organisation), Yerzhan (email)
    "1.3.g": (0, None),  # no summary note
    "1.4.a": (0, None),  # the one positive case was rejected
    "2.1.a": (1, None),  # a rejected and an approved programme: the approved one counts
    "2.1.b": (3, None),  # A and B (talks), C (agenda); D was not approved
    "2.1.c": (1, None),  # two designs filed, one approved, one pending
    "2.1.d": (1, 320),  # the medal act: 320 in it
    "2.1.e": (3, None),  # talks by A, B and D
    "2.1.f": (4, None),  # Aigerim, Yerzhan, Madina, Arman; staff, press and the speaker are not counted
    "2.1.g": (2, None),  # two conference photos filed under it
    "2.1.h": (3, None),  # feedback of Aigerim, Madina, Arman
    "2.1.i": (2, None),  # two posts about the conference
    "2.1.j": (1, None),  # a press article awaiting approval still counts (not an "agreed" indicator)
    "2.1.k": (8, 1),  # 8 photos, 1 video
    "2.1.l": (1, None),  # the letter tied to the conference
    "2.1.m": (1, None),  # the minutes
    "2.1.n": (1, None),  # typed: LED screen and sound
    "2.1.o": (0, None),
    "2.2.a": (0, None),
    "2.2.b": (0, None),
    "3.1.a": (0, None),
    "3.1.b": (1, 300),  # the handouts act (flash drives of 16 and 32 GB together 300); the notebook act was undone
    "3.1.c": (1, 0),  # one photo filed, no video
    "4.1.a": (2, None),  # two approved banners, one pending
    "4.1.b": (1, None),  # the two approved banners hang on one street, written two ways
    "4.1.c": (0, 0),
    "4.1.d": (0, None),
    "4.1.e": (1, None),  # the approved script filed under it
    "4.1.f": (1, None),  # one approved video clip, one pending
    "4.1.g": (0, None),
    "5.1.a": (7, None),  # posts tied to held events: s1, s2, seminar, conference ×2, two presentations
    "5.1.b": (2, None),  # press tied to events: s2, conference
    "5.1.c": (17, 4),  # photos 4 + 3 + 2 + 8, videos 1 + 1 + 1 + 1
    "5.2.a": (0, None),
    "5.2.b": (0, None),
    "5.3.a": (0, None),
    "5.3.b": (0, None),
    "5.3.c": (0, None),
    "5.3.d": (0, None),
    "5.4.a": (0, None),
    "5.4.b": (1, None),  # the podcast
    "P.1.a": (1, None),  # the launch in August; the presentation of 1 October is in neither month
    "P.1.b": (1, None),  # the launch's post
    "P.2.a": (0, None),  # the results presentation on 20 November is still to come
    "P.2.b": (0, None),
    "C.1.a": (2, None),  # video clips, approved and pending
    "C.1.b": (9, None),  # the 7 posts at events and the 2 event-less ones
    "C.1.c": (2, None),
    "C.1.d": (3, None),  # every banner not rejected
    "C.1.e": (1, None),
    "C.1.f": (0, None),
    "C.1.g": (1, None),
    "IV.1": (8, None),  # the 7 above and Assel (launch only); not July's nor the cancelled session's
    "IV.2": (2700, None),  # reach of approved publications: posts 300 + 200, press 1500, clip 500, interview 200
    "IV.3": (3, None),
    "IV.4": (0, None),
    "IV.5": (0, None),
    "IV.6": (0, None),
}


def _event(kind, *when, **extra):
    start = local(*when)
    return EventFactory(kind=kind, start_at=start, end_at=start.replace(hour=start.hour + 2), **extra)


def _build_people(ev, staff):
    s1, s2, sem, conf = ev["s1"], ev["s2"], ev["sem"], ev["conf"]
    aigerim = {"full_name": "Айгерім Сапарова", "phone": "+77010000001", "organisation": "ОҚУ"}
    nurlan_12 = {"full_name": "Нұрлан Әбенов", "phone": "", "organisation": "№ 12 мектеп"}
    dana = {"full_name": "Дана Омарова", "phone": "+77010000004", "organisation": "Шымкент университеті"}
    yerzhan = {"full_name": "Ержан Тұрсынов", "phone": "", "email": "erzhan@example.kz"}
    people = {}
    people["a1"] = attend(s1, staff, **aigerim)
    people["a2"] = attend(s2, staff, **aigerim)
    people["a3"] = attend(conf, staff, **aigerim)
    people["a4"] = attend(ev["launch"], staff, **aigerim)
    people["n1"] = attend(s1, staff, **nurlan_12)
    attend(s2, staff, full_name="нұрлан  Әбенов", phone="", organisation="№ 12 мектеп ")
    people["n45"] = attend(s2, staff, full_name="Нұрлан Әбенов", phone="", organisation="№ 45 мектеп")
    attend(s1, staff, **dana)
    attend(sem, staff, **{**dana, "phone": ""})
    people["y1"] = attend(sem, staff, **yerzhan)
    people["y2"] = attend(conf, staff, **yerzhan)
    RegistrationFactory(event=s2, full_name="Мадина Қасымова", phone="+77010000006")  # registered, never came
    people["m"] = attend(conf, staff, full_name="Мадина Қасымова", phone="+77010000006")
    arman = attend(s1, staff, full_name="Арман Есенов", phone="+77010000007")
    undo_check_in(registration=arman, by=staff, reason="Қате сканерленді")
    people["arman"] = attend(conf, staff, full_name="Арман Есенов", phone="+77010000007")
    attend(ev["launch"], staff, full_name="Әсел Бекова", phone="+77010000011")
    for event, role, phone in [
        (s1, Role.ORGANISER, "+77020000001"),
        (conf, Role.ORGANISER, "+77020000001"),
        (s1, Role.VOLUNTEER, "+77020000002"),
        (conf, Role.PRESS, "+77020000003"),
        (conf, Role.SPEAKER, "+77020000004"),
        (sem, Role.GUEST, "+77020000005"),
    ]:
        attend(event, staff, full_name=f"Қызметкер {phone[-1]}", phone=phone, role=role)
    attend(ev["july"], staff, phone="+77010000009")
    attend(ev["cancelled"], staff, phone="+77010000010")
    return people


def _build_speakers(ev):
    approved = {"approval": SpeakerApproval.APPROVED, "approved_on": date(2024, 8, 20)}
    x = SpeakerFactory(**approved)
    TalkFactory(event=ev["s1"], speaker=x)
    TalkFactory(event=ev["s2"], speaker=x)
    AgendaItemFactory(event=ev["s2"]).speakers.add(SpeakerFactory())  # Y, awaiting approval
    TalkFactory(event=ev["conf"], speaker=SpeakerFactory(**approved))
    TalkFactory(event=ev["conf"], speaker=SpeakerFactory(**approved))
    TalkFactory(event=ev["conf"], speaker=SpeakerFactory(approval=SpeakerApproval.REJECTED))
    AgendaItemFactory(event=ev["conf"]).speakers.add(SpeakerFactory(**approved))


def _build_evidence(ev, staff, plan):
    ok, wait, no = "approved", "pending", "rejected"
    day = date(2024, 8, 10)
    evidence("questionnaire", None, staff, approval=ok, day=day)
    evidence("questionnaire", None, staff, approval=wait, day=day)
    [survey_post] = evidence("social_post", None, staff, day=date(2024, 8, 15))
    evidence("social_post", None, staff, day=date(2024, 8, 16))
    evidence("survey_result", None, staff, day=date(2024, 9, 1))
    evidence("letter", None, staff, day=date(2024, 9, 2))
    evidence("letter", None, staff, day=date(2024, 7, 15))  # before the period
    evidence("positive_case", None, staff, approval=no, day=day)
    evidence("banner", None, staff, approval=ok, day=day, street="Тәуке хан даңғылы")
    evidence("banner", None, staff, approval=ok, day=day, street=" тәуке хан  даңғылы ")
    evidence("banner", None, staff, approval=wait, day=day, street="Абай даңғылы")
    evidence("video_clip", None, staff, approval=ok, day=day, reach=500)
    evidence("video_clip", None, staff, approval=wait, day=day, reach=700)
    [script] = evidence("script", None, staff, approval=ok, day=day)
    evidence("podcast", None, staff, day=day)
    evidence("interview", None, staff, approval=ok, day=day, reach=200)
    evidence("announcement", None, staff, day=day, reach=100)
    designs = evidence("design", None, staff, approval=ok, day=day) + evidence("design", None, staff, approval=wait)

    s1, s2, sem, conf = ev["s1"], ev["s2"], ev["sem"], ev["conf"]
    evidence("programme", s1, staff, 2, approval=ok)
    evidence("photo", s1, staff, 4)
    evidence("video", s1, staff)
    evidence("social_post", s1, staff, approval=ok, reach=300)
    evidence("summary_note", s1, staff)
    evidence("programme", s2, staff, approval=wait)
    evidence("photo", s2, staff, 3)
    evidence("photo", s2, staff, approval=no)
    evidence("video", s2, staff)
    evidence("social_post", s2, staff)
    evidence("press", s2, staff, approval=ok, reach=1500)
    evidence("programme", sem, staff, approval=ok)
    evidence("photo", sem, staff, 2)
    evidence("video", sem, staff)
    evidence("social_post", sem, staff)
    evidence("programme", conf, staff, approval=no)
    evidence("programme", conf, staff, approval=ok)
    photos = evidence("photo", conf, staff, 8)
    evidence("video", conf, staff)
    evidence("social_post", conf, staff, approval=ok, reach=200)
    evidence("social_post", conf, staff, reach=1000)
    evidence("press", conf, staff, approval=wait, reach=900)
    evidence("letter", conf, staff)
    evidence("minutes", conf, staff)
    evidence("social_post", ev["launch"], staff)
    evidence("social_post", ev["october_presentation"], staff)
    evidence("photo", ev["july"], staff)
    evidence("social_post", ev["cancelled"], staff)

    code = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    services.file_evidence(indicator=code["1.1.b"], items=[survey_post], by=staff)
    services.file_evidence(indicator=code["4.1.e"], items=[script], by=staff)
    services.file_evidence(indicator=code["2.1.c"], items=designs, by=staff)
    services.file_evidence(indicator=code["2.1.g"], items=photos[:2], by=staff)
    services.file_evidence(indicator=code["3.1.c"], items=photos[2:3], by=staff)


def _build_feedback(people):
    for key in ("a1", "n1", "n45", "y1", "a3", "m", "arman"):
        media.leave_feedback(registration=people[key], rating=5, comment="")


def _act(kind_lines, warehouse, desk, staff):
    act = inventory.create_act(
        kind=ActKind.TRANSFER,
        act_date=date(2024, 10, 1),
        from_holder=warehouse,
        to_holder=desk,
        giver=inventory.Party("Ерлан Сейітов", "Директор", "«Басқары» ҚҚ"),
        receiver=inventory.Party("Гүлмира Әбілова", "Маман", "«Азаматтық бастамаларды қолдау орталығы» КЕАҚ"),
        basis="№ 83",
        lines=kind_lines,
        by=staff,
    )
    return inventory.sign_act(act=act, giver_signature=signature_png(), receiver_signature=signature_png(), by=staff)


def _build_stock(ev, staff, plan, people):
    warehouse = Holder.objects.create(kind=HolderKind.WAREHOUSE, name="Қойма")
    desk = Holder.objects.create(kind=HolderKind.DESK, name="Үстел", event=ev["conf"])
    names = ["Медаль (логотипімен)", "Портфель", "Flash drive 16 GB", "Flash drive 32 GB", "Блокнот", "Әріптер"]
    items = {name: ItemType.objects.create(name_kk=name) for name in names}
    for item in items.values():
        inventory.receive_stock(item=item, to_holder=warehouse, quantity=500, supplier="ЖШС Полиграф", by=staff)
    links = {"medal": ["Медаль (логотипімен)"], "portfolio": ["Портфель"], "notebook": ["Блокнот"]}
    links |= {"flash_drive": ["Flash drive 16 GB", "Flash drive 32 GB"], "letters": ["Әріптер"]}
    for grant_item in GrantItem.objects.filter(indicator__plan=plan):
        services.link_item_types(grant_item=grant_item, item_types=[items[n] for n in links[grant_item.code]])
    medal_act = _act([(items["Медаль (логотипімен)"], 320)], warehouse, desk, staff)
    wrong = _act([(items["Блокнот"], 150)], warehouse, desk, staff)
    counter = inventory.counter_act(act=wrong, act_date=date(2024, 10, 2), by=staff)
    inventory.sign_act(act=counter, giver_signature=signature_png(), receiver_signature=signature_png(), by=staff)
    lines = [(items["Портфель"], 300), (items["Flash drive 16 GB"], 200), (items["Flash drive 32 GB"], 100)]
    handouts_act = _act([*lines, (items["Блокнот"], 300), (items["Әріптер"], 300)], warehouse, desk, staff)
    code = {i.code: i for i in Indicator.objects.filter(plan=plan, code__in=["2.1.d", "3.1.b"])}
    services.file_act(indicator=code["2.1.d"], act=medal_act, by=staff)
    services.file_act(indicator=code["3.1.b"], act=wrong, by=staff)
    services.file_act(indicator=code["3.1.b"], act=handouts_act, by=staff)
    inventory.set_kit(
        event=ev["conf"],
        role="participant",
        quantities={items["Медаль (логотипімен)"]: 1, items["Flash drive 16 GB"]: 1},
    )
    for key in ("a3", "y1", "m"):
        registration = (
            people[key]
            if key != "y1"
            else people["y1"].__class__.objects.get(event=ev["conf"], email="erzhan@example.kz")
        )
        inventory.hand_out_kit(registration=registration, event=ev["conf"], by=staff)
    inventory.return_stock(item=items["Медаль (логотипімен)"], to_holder=desk, quantity=1, reason="Артық", by=staff)


def _build_values(plan, staff):
    code = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    services.record_manual_value(indicator=code["1.1.d"], value=Decimal(4), by=staff)
    services.record_manual_value(indicator=code["1.1.d"], value=Decimal(6), by=staff)
    services.record_manual_value(indicator=code["2.1.n"], value=Decimal(1), by=staff)
    services.record_manual_value(indicator=code["IV.3"], value=Decimal(3), by=staff)


@pytest.fixture
def scenario(grant_plan):
    staff = make_user("scenario-organiser", "organiser")
    ev = {
        "launch": _event(EventKind.PRESENTATION, 2024, 8, 20, 11, 0),
        "s1": _event(EventKind.YOUTH_SESSION, 2024, 9, 10, 15, 0),
        "sem": _event(EventKind.BUDGET_SEMINAR, 2024, 9, 17, 10, 0),
        "s2": _event(EventKind.YOUTH_SESSION, 2024, 9, 24, 15, 0),
        "october_presentation": _event(EventKind.PRESENTATION, 2024, 10, 1, 11, 0),
        "conf": _event(EventKind.CONFERENCE, 2024, 10, 8, 10, 0),
        "results": _event(EventKind.PRESENTATION, 2024, 11, 20, 11, 0),
        "july": _event(EventKind.YOUTH_SESSION, 2024, 7, 20, 15, 0),
        "cancelled": _event(EventKind.YOUTH_SESSION, 2024, 10, 3, 15, 0, status=EventStatus.CANCELLED),
    }
    people = _build_people(ev, staff)
    _build_speakers(ev)
    _build_evidence(ev, staff, grant_plan)
    _build_feedback(people)
    _build_stock(ev, staff, grant_plan, people)
    _build_values(grant_plan, staff)
    return grant_plan


def test_every_indicator_has_the_actual_worked_out_by_hand(scenario):
    rows = indicator_rows(scenario, today=TODAY)

    actual = {row.code: (row.actual, row.actual_second) for row in rows}
    expected = {code: (Decimal(a), None if b is None else Decimal(b)) for code, (a, b) in EXPECTED.items()}
    assert len(rows) == 79
    assert actual == expected


def test_the_acts_detail_counts_by_item_type_and_handouts_net_of_returns(scenario):
    rows = {row.code: row for row in indicator_rows(scenario, today=TODAY)}

    medals = rows["2.1.d"].acts
    handouts = rows["3.1.b"].acts
    assert [(i.grant_item.code, i.in_acts, i.handed_out_net) for i in medals.items] == [("medal", 320, 2)]
    assert [(i.grant_item.code, i.in_acts, i.handed_out_net) for i in handouts.items] == [
        ("portfolio", 300, 0),
        ("flash_drive", 300, 3),
        ("notebook", 300, 0),
        ("letters", 300, 0),
    ]
    assert [(act.counts, act.undone) for act in handouts.acts] == [(False, True), (True, False)]


def test_the_scenario_statuses_against_the_period(scenario):
    rows = {row.code: row for row in indicator_rows(scenario, today=TODAY)}

    assert rows["2.1.k"].status == "met"
    assert rows["1.2.g"].status == "behind"  # s2 falls short
    assert (rows["1.2.e"].events_meeting, rows["1.2.e"].events_held, rows["1.2.e"].events_planned) == (2, 2, 10)
    assert rows["1.2.e"].status == "behind"  # 2 of 10 sessions, 62 % of the period gone
    assert rows["P.2.a"].status == "on_track"  # November has not begun
    assert rows["P.1.a"].status == "met"
