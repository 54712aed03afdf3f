"""One test per counting rule of GRANT_PLAN.md ("How the numbers are counted"); each of them
failed on the first version of the monitoring app."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from events.models import EventKind, EventStatus
from inventory import services as inventory
from inventory.models import ActKind, Holder, HolderKind, ItemType
from monitoring import services
from monitoring.models import GrantItem, Indicator, IndicatorScope, IndicatorSource
from monitoring.selectors import indicator_rows
from registration.models import Role
from tests.conftest import make_user
from tests.factories import EventFactory, SpeakerFactory, TalkFactory
from tests.inventory.factories import signature_png

from .conftest import actual, attend, evidence, past_event

pytestmark = pytest.mark.django_db

GRANT_TEXT = Path(__file__).with_name("grant_plan_kk.txt")


@pytest.fixture
def staff(db):
    return make_user("rules-organiser", "organiser")


def _actual(plan, code, event=None):
    return actual(Indicator.objects.get(plan=plan, code=code), event)


def _row(plan, code, today=None):
    return next(row for row in indicator_rows(plan, today=today) if row.code == code)


# --- Direct beneficiaries (IV.1) ---------------------------------------------------------------


def test_direct_beneficiaries_are_participants_only(plan, staff):
    session = past_event()
    attend(session, staff)
    for role in (Role.ORGANISER, Role.VOLUNTEER, Role.PRESS, Role.SPEAKER, Role.GUEST):
        attend(session, staff, role=role)

    assert _actual(plan, "IV.1") == 1


def test_direct_beneficiaries_only_at_held_events_inside_the_period(plan, staff):
    attend(past_event(), staff)
    attend(past_event(status=EventStatus.CANCELLED), staff)
    attend(past_event(status=EventStatus.DRAFT), staff)
    attend(past_event(days_ago=90), staff)  # before the period
    attend(EventFactory(), staff)  # next week: not held yet

    assert _actual(plan, "IV.1") == 1


def test_namesakes_without_a_phone_are_told_apart_by_organisation(plan, staff):
    one, two = past_event(), past_event()
    attend(one, staff, full_name="Нұрлан Әбенов", phone="", organisation="№ 12 мектеп")
    attend(two, staff, full_name="Нұрлан Әбенов", phone="", organisation="№ 45 мектеп")
    attend(two, staff, full_name="нұрлан  әбенов", phone="", organisation="№ 12 мектеп")

    assert _actual(plan, "IV.1") == 2


def test_name_and_organisation_are_folded_alike_kazakh_letters_included(plan, staff):
    one, two = past_event(), past_event()
    attend(one, staff, full_name="Нұрлан Әбенов", phone="", organisation="«Әлем» ҚҚ")
    attend(two, staff, full_name="Нурлан Абенов", phone="", organisation="«алем»  ққ")
    attend(two, staff, full_name="Нурлан Абенов", phone="", organisation="«Өркен» ҚҚ")

    assert _actual(plan, "IV.1") == 2


def test_a_person_with_and_without_a_phone_counts_once(plan, staff):
    one, two = past_event(), past_event(kind=EventKind.BUDGET_SEMINAR)
    attend(one, staff, full_name="Дана Омарова", phone="+77010000004", organisation="ОҚУ")
    attend(two, staff, full_name="Дана Омарова", phone="", organisation="ОҚУ")
    attend(two, staff, full_name="Ержан Тұрсынов", phone="", email="erzhan@example.kz")
    attend(one, staff, full_name="Ержан Т.", phone="+77010000005", email="erzhan@example.kz")

    assert _actual(plan, "IV.1") == 2


# --- Participants of an activity (1.2, 1.3, 2.1) ----------------------------------------------


def test_a_participant_of_three_sessions_counts_once_in_the_activity(plan, staff):
    sessions = [past_event() for _ in range(3)]
    for session in sessions:
        attend(session, staff, phone="+77010000001", full_name="Айгерім Сапарова")
        attend(session, staff, role=Role.VOLUNTEER, phone="+77020000001")
    attend(sessions[0], staff)

    assert _actual(plan, "1.2.h") == 2
    assert _actual(plan, "1.2.h", sessions[0]) == 2
    assert _actual(plan, "1.2.h", sessions[1]) == 1


# --- Indirect beneficiaries (IV.2) -------------------------------------------------------------


def test_indirect_beneficiaries_are_the_reach_of_approved_publications(plan, staff):
    session = past_event()
    evidence("press", session, staff, approval="approved", reach=1200)
    evidence("social_post", session, staff, approval="approved", reach=300)
    evidence("interview", None, staff, approval="approved", reach=50, day=timezone.localdate())
    evidence("press", session, staff, approval="pending", reach=5000)
    evidence("social_post", session, staff, reach=900)  # not sent for approval
    evidence("photo", session, staff, approval="approved", reach=7000)  # not a publication

    assert _actual(plan, "IV.2") == 1550
    assert Indicator.objects.get(plan=plan, code="IV.2").source == IndicatorSource.REACH


# --- "Agreed" (келісілген) ---------------------------------------------------------------------


def test_agreed_counts_only_what_the_grantor_approved(plan, staff):
    day = timezone.localdate()
    evidence("questionnaire", None, staff, approval="approved", day=day)
    evidence("questionnaire", None, staff, approval="pending", day=day)
    evidence("questionnaire", None, staff, approval="rejected", day=day)

    assert _actual(plan, "1.1.a") == 1


def test_agreed_programmes_count_events_not_uploads(plan, staff):
    first, second = past_event(), past_event()
    evidence("programme", first, staff, 10, approval="approved")
    evidence("programme", second, staff, approval="pending")

    assert _actual(plan, "1.2.a") == 1


def test_rejected_evidence_never_counts(plan, staff):
    session = past_event()
    evidence("photo", session, staff, 2)
    evidence("photo", session, staff, approval="rejected")

    assert _row(plan, "5.1.c").actual == 2


# --- Handout items -----------------------------------------------------------------------------


def _signed_act(lines, warehouse, desk, staff):
    act = inventory.create_act(
        kind=ActKind.TRANSFER,
        act_date=timezone.localdate(),
        from_holder=warehouse,
        to_holder=desk,
        giver=inventory.Party("Ерлан Сейітов"),
        receiver=inventory.Party("Гүлмира Әбілова"),
        basis="№ 83",
        lines=lines,
        by=staff,
    )
    return inventory.sign_act(act=act, giver_signature=signature_png(), receiver_signature=signature_png(), by=staff)


@pytest.fixture
def stock(plan, staff):
    conference = past_event(kind=EventKind.CONFERENCE)
    warehouse = Holder.objects.create(kind=HolderKind.WAREHOUSE, name="Қойма")
    desk = Holder.objects.create(kind=HolderKind.DESK, name="Үстел", event=conference)
    medal, flash = ItemType.objects.create(name_kk="Медаль"), ItemType.objects.create(name_kk="Flash drive 16 GB")
    for item in (medal, flash):
        inventory.receive_stock(item=item, to_holder=warehouse, quantity=400, supplier="ЖШС", by=staff)
    return conference, warehouse, desk, medal, flash


def test_the_act_counts_its_quantity_by_item_type_not_by_name(plan, staff, stock):
    conference, warehouse, desk, medal, flash = stock
    indicator = Indicator.objects.get(plan=plan, code="3.1.b")
    services.link_item_types(
        grant_item=GrantItem.objects.get(indicator=indicator, code="flash_drive"), item_types=[flash]
    )
    act = _signed_act([(flash, 310)], warehouse, desk, staff)
    services.file_act(indicator=indicator, act=act, by=staff)

    row = _row(plan, "3.1.b")

    assert [(item.grant_item.code, item.in_acts) for item in row.acts.items][:2] == [
        ("portfolio", 0),
        ("flash_drive", 310),
    ]
    assert (row.actual, row.actual_second) == (1, 0)  # the act counts; three items are still missing from it


def test_the_medal_act_counts_the_quantity_in_the_act_and_a_counter_act_undoes_it(plan, staff, stock):
    conference, warehouse, desk, medal, flash = stock
    indicator = Indicator.objects.get(plan=plan, code="2.1.d")
    services.link_item_types(grant_item=GrantItem.objects.get(indicator=indicator), item_types=[medal])
    act = _signed_act([(medal, 300)], warehouse, desk, staff)
    services.file_act(indicator=indicator, act=act, by=staff)
    assert (_row(plan, "2.1.d").actual, _row(plan, "2.1.d").actual_second) == (1, 300)

    counter = inventory.counter_act(act=act, act_date=timezone.localdate(), by=staff)
    inventory.sign_act(act=counter, giver_signature=signature_png(), receiver_signature=signature_png(), by=staff)

    assert (_row(plan, "2.1.d").actual, _row(plan, "2.1.d").actual_second) == (0, 0)


def test_items_handed_out_are_net_of_returns(plan, staff, stock):
    conference, warehouse, desk, medal, flash = stock
    indicator = Indicator.objects.get(plan=plan, code="2.1.d")
    services.link_item_types(grant_item=GrantItem.objects.get(indicator=indicator), item_types=[medal])
    inventory.transfer_stock(item=medal, from_holder=warehouse, to_holder=desk, quantity=10, by=staff)
    inventory.set_kit(event=conference, role="participant", quantities={medal: 1})
    for _ in range(3):
        inventory.hand_out_kit(registration=attend(conference, staff), event=conference, by=staff)
    inventory.return_stock(item=medal, to_holder=desk, quantity=1, reason="Артық", by=staff)

    assert [item.handed_out_net for item in _row(plan, "2.1.d").acts.items] == [2]


# --- "At every event" ---------------------------------------------------------------------------


def test_every_event_target_is_met_only_when_all_planned_events_are_held(plan, staff):
    sessions = [past_event() for _ in range(3)]
    for session in sessions:
        evidence("summary_note", session, staff)
    end_of_plan = plan.ends_on + timedelta(days=1)

    row = _row(plan, "1.2.i", today=end_of_plan)

    assert (row.events_meeting, row.events_held, row.events_planned) == (3, 3, 10)
    assert row.status == "behind"
    assert row.percent == 30


def test_every_event_target_is_met_when_ten_of_ten_sessions_meet_it(plan, staff):
    for _ in range(10):
        evidence("summary_note", past_event(), staff)

    assert _row(plan, "1.2.i").status == "met"


# --- The plan's scopes and titles (grant_plan_kk.txt) -----------------------------------------


def test_speakers_talks_and_press_of_the_sessions_and_feedback_of_the_seminars_are_totals(plan):
    scopes = dict(Indicator.objects.filter(plan=plan).values_list("code", "scope"))

    assert [scopes[code] for code in ("1.2.b", "1.2.c", "1.2.f", "1.3.b", "1.3.c", "1.3.d")] == ["total"] * 6
    assert [scopes[code] for code in ("1.2.d", "1.2.e", "1.2.g", "1.2.i", "1.3.e", "1.3.g")] == ["per_event"] * 6


def test_speakers_of_two_sessions_count_towards_one_total(plan, staff):
    approved = {"approval": "approved", "approved_on": date(2024, 8, 1)}
    TalkFactory(event=past_event(), speaker=SpeakerFactory(**approved))
    TalkFactory(event=past_event(), speaker=SpeakerFactory(**approved))

    assert _row(plan, "1.2.b").status == "met"


def test_filled_questionnaires_are_three_from_each_of_two(plan):
    indicator = Indicator.objects.get(plan=plan, code="1.1.d")

    assert indicator.target == 6
    assert "3" in indicator.note_kk and "6" in indicator.note_kk


def test_titles_are_the_grantors_words(plan):
    text = " ".join(GRANT_TEXT.read_text(encoding="utf-8").split())
    titles = Indicator.objects.filter(plan=plan).values_list("code", "title_kk")

    assert [code for code, title in titles if title not in text] == []
    assert Indicator.objects.get(plan=plan, code="IV.1").title_kk == "Тікелей бенефициарлар саны"
    assert Indicator.objects.filter(plan=plan).count() == 79


# --- The period ---------------------------------------------------------------------------------


def test_on_track_is_judged_against_the_plans_period(grant_plan, staff):
    ten = timezone.localdate()
    row = _row(grant_plan, "1.1.a", today=date(2024, 9, 30))  # 60 of 121 days: half of the period gone
    assert row.status == "behind"

    evidence("questionnaire", None, staff, approval="approved", day=date(2024, 8, 10))

    assert _row(grant_plan, "1.1.a", today=date(2024, 9, 30)).status == "on_track"
    assert _row(grant_plan, "1.1.a", today=ten).status == "behind"  # the period is over


def test_per_event_scope_is_kept_in_the_data(plan):
    per_event = Indicator.objects.filter(plan=plan, scope=IndicatorScope.PER_EVENT)

    assert sorted(per_event.values_list("code", flat=True)) == [
        "1.2.d",
        "1.2.e",
        "1.2.g",
        "1.2.i",
        "1.3.e",
        "1.3.g",
    ]
    assert {i.activity.planned_events for i in per_event} == {10}
    assert Decimal(Indicator.objects.get(plan=plan, code="1.2.g").target_second) == 1
