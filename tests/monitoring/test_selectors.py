from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from events.models import EventKind, EventStatus, SpeakerApproval
from inventory import services as inventory
from media_log import services as media
from monitoring import selectors
from monitoring.models import GrantPlan, Indicator, IndicatorStatus, ManualValue
from monitoring.selectors import event_gaps, indicator_actual, indicator_rows
from registration.services import check_in, undo_check_in
from tests.conftest import make_user
from tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory, SpeakerFactory, TalkFactory
from tests.inventory.factories import DeskFactory, ItemTypeFactory, KitFactory, KitItemFactory

from .conftest import past_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return make_user("monitor-staff", "organiser")


def attend(event, staff, **extra):
    registration = RegistrationFactory(event=event, **extra)
    assert check_in(code=registration.code, event=event, scanned_by=staff).result == "ok"
    return registration


def evidence(kind, event, staff, n=1, **fields):
    extra = {
        "social_post": {"platform": "instagram"},
        "press": {"outlet": "Adyrna"},
        "banner": {"street": "Тәуке хан"},
    }.get(kind, {})
    for i in range(n):
        media.add_evidence(
            kind=kind,
            event=event,
            title=f"{kind} {i}",
            url=f"https://example.kz/{kind}/{i}",
            by=staff,
            **extra,
            **fields,
        )


def row(rows, code):
    return next(r for r in rows if r.code == code)


def test_checkins_actual_counts_active_checkins_of_the_kind(plan, staff):
    indicator = Indicator.objects.get(code="1.2.i")
    session, seminar = past_event(kind=EventKind.YOUTH_SESSION), past_event(kind=EventKind.BUDGET_SEMINAR)
    first = attend(session, staff)
    attend(session, staff)
    attend(seminar, staff)
    assert indicator_actual(indicator) == Decimal(2)

    undo_check_in(registration=first, by=staff, reason="Қате сканерленді")

    assert indicator_actual(indicator) == Decimal(1)
    assert indicator_actual(indicator, event=session) == Decimal(1)
    assert indicator_actual(Indicator.objects.get(code="1.3.g")) == Decimal(1)


def test_unique_people_counts_a_person_once_across_events(plan, staff):
    one, two = past_event(), past_event(kind=EventKind.CONFERENCE)
    attend(one, staff, phone="+77010000001", full_name="Айгерім Сапарова")
    attend(two, staff, phone="+77010000001", full_name="Айгерім Сапарова")
    attend(two, staff, phone="+77010000002")
    attend(one, staff, phone="", full_name="Нұрлан Әбенов")
    attend(two, staff, phone="", full_name="нұрлан әбенов")
    RegistrationFactory(event=one, phone="+77010000003")  # registered, never came

    assert selectors.direct_beneficiaries() == 3
    assert indicator_actual(Indicator.objects.get(code="IV.1")) == Decimal(3)


def test_items_handed_out_counts_medal_handouts(plan, staff):
    indicator = Indicator.objects.get(code="2.1.e")
    conference = past_event(kind=EventKind.CONFERENCE)
    desk = DeskFactory(event=conference)
    medal, pen = ItemTypeFactory(name_kk="Медаль", name_en="Medal"), ItemTypeFactory(name_kk="Қалам", name_en="Pen")
    kit = KitFactory(event=conference, role="participant")
    KitItemFactory(kit=kit, item=medal)
    KitItemFactory(kit=kit, item=pen, quantity=2)
    for item in (medal, pen):
        inventory.receive_stock(item=item, to_holder=desk, quantity=10, supplier="ЖШС Полиграф", by=staff)
    assert indicator_actual(indicator) == Decimal(0)

    for _ in range(3):
        registration = attend(conference, staff)
        inventory.hand_out_kit(registration=registration, event=conference, by=staff)

    assert indicator_actual(indicator) == Decimal(3)
    assert indicator_actual(indicator, event=conference) == Decimal(3)
    assert indicator_actual(Indicator.objects.get(code="3.1.f")) == Decimal(6)


def test_evidence_actual_follows_media_log(plan, staff):
    indicator = Indicator.objects.get(code="5.1.c")
    session = past_event()
    evidence("photo", session, staff, n=2)
    evidence("video", session, staff)
    assert indicator_actual(indicator) == Decimal(2)

    evidence("photo", None, staff)

    assert indicator_actual(indicator) == Decimal(3)
    assert indicator_actual(indicator, event=session) == Decimal(2)


def test_per_event_indicator_counts_events_meeting_target(plan, staff):
    good, poor = past_event(), past_event()
    past_event(kind=EventKind.BUDGET_SEMINAR)  # another kind: not counted
    EventFactory()  # a session still to come: not held
    evidence("photo", good, staff, n=4)
    evidence("photo", poor, staff, n=2)

    photos = row(indicator_rows(plan), "1.2.g")

    assert (photos.events_meeting, photos.events_held, photos.actual, photos.target) == (1, 2, Decimal(1), Decimal(4))
    assert photos.percent == 50
    assert photos.status == IndicatorStatus.BEHIND
    assert photos.summary == "Өткен 2 іс-шараның 1 ≥ 4 мәніне жетті"  # Kazakh, the default
    assert photos.shortfalls == [(poor, Decimal(2))]


def test_approved_speakers_per_event_from_talks_and_agenda(plan, staff):
    session = past_event()
    approved = {"approval": SpeakerApproval.APPROVED, "approved_on": date(2024, 8, 20)}
    TalkFactory(event=session, speaker=SpeakerFactory(**approved))
    agenda = AgendaItemFactory(event=session)
    agenda.speakers.add(SpeakerFactory(**approved), SpeakerFactory())  # the second awaits approval
    indicator = Indicator.objects.get(code="1.2.b")

    assert indicator_actual(indicator, event=session) == Decimal(2)
    assert indicator_actual(Indicator.objects.get(code="1.2.c"), event=session) == Decimal(1)
    assert row(indicator_rows(plan), "1.2.b").events_meeting == 1


def test_feedback_per_event(plan, staff):
    session = past_event()
    for _ in range(2):
        media.leave_feedback(registration=attend(session, staff), rating=5, comment="")

    assert indicator_actual(Indicator.objects.get(code="1.2.d"), event=session) == Decimal(2)
    assert row(indicator_rows(plan), "1.2.d").events_meeting == 1


def test_manual_value_latest_per_event_summed(plan, staff):
    indicator = Indicator.objects.get(code="IV.2")
    session = past_event()
    ManualValue.objects.create(indicator=indicator, value=100, entered_by=staff)
    ManualValue.objects.create(indicator=indicator, value=250, entered_by=staff)
    ManualValue.objects.create(indicator=indicator, event=session, value=40, entered_by=staff)

    assert indicator_actual(indicator) == Decimal(290)
    assert indicator_actual(indicator, event=session) == Decimal(40)


def test_events_held_counts_published_and_finished_past_events(plan):
    past_event(kind=EventKind.CONFERENCE)
    past_event(kind=EventKind.CONFERENCE, status=EventStatus.FINISHED)
    past_event(kind=EventKind.CONFERENCE, status=EventStatus.CANCELLED)
    EventFactory(kind=EventKind.CONFERENCE)

    assert [e.kind for e in selectors.held_events(event_kind=EventKind.CONFERENCE)] == ["conference"] * 2


@pytest.fixture
def small_plan(plan):
    """The loaded plan moved to a 100-day period starting 1 Aug 2024."""
    GrantPlan.objects.filter(pk=plan.pk).update(starts_on=date(2024, 8, 1), ends_on=date(2024, 11, 9))
    plan.refresh_from_db()
    return plan


@pytest.mark.parametrize(
    ("value", "today", "status"),
    [
        (3000, date(2024, 8, 2), IndicatorStatus.MET),
        (1500, date(2024, 9, 20), IndicatorStatus.ON_TRACK),  # 50% done, 50% of the period passed
        (1470, date(2024, 9, 20), IndicatorStatus.BEHIND),  # 49%
        (0, date(2024, 7, 1), IndicatorStatus.ON_TRACK),  # before the period
        (2999, date(2024, 12, 1), IndicatorStatus.BEHIND),  # after it, short of the target
    ],
)
def test_total_indicator_status_with_fixed_today(small_plan, staff, value, today, status):
    ManualValue.objects.create(indicator=Indicator.objects.get(code="IV.2"), value=value, entered_by=staff)

    result = row(indicator_rows(small_plan, today=today), "IV.2")

    assert (result.actual, result.status) == (Decimal(value), status)
    assert result.percent == round(value * 100 / 3000)


def test_per_event_indicator_met_after_plan_end_when_every_event_meets(small_plan, staff):
    session = past_event()
    evidence("video", session, staff)

    assert row(indicator_rows(small_plan, today=timezone.localdate()), "1.2.h").status == IndicatorStatus.MET
    on_day = (session.start_at + timedelta(hours=1)).date()
    GrantPlan.objects.filter(pk=small_plan.pk).update(ends_on=on_day + timedelta(days=30))
    small_plan.refresh_from_db()
    assert row(indicator_rows(small_plan, today=on_day), "1.2.h").status == IndicatorStatus.ON_TRACK


def test_per_event_indicator_with_no_events_held(plan):
    result = row(indicator_rows(plan), "1.2.g")

    assert (result.events_meeting, result.events_held, result.percent, result.status) == (
        0,
        0,
        0,
        IndicatorStatus.ON_TRACK,
    )


def test_event_gaps_lists_what_a_session_lacks(plan, staff):
    session = past_event(kind=EventKind.YOUTH_SESSION)
    evidence("photo", session, staff, n=2)
    evidence("video", session, staff)
    evidence("press", session, staff)

    gaps = {gap.indicator.code: (gap.actual, gap.target) for gap in event_gaps(session)}

    assert gaps == {
        "1.2.b": (0, 2),
        "1.2.c": (0, 2),
        "1.2.d": (0, 2),
        "1.2.e": (0, 1),
        "1.2.g": (2, 4),
        "1.2.j": (0, 1),
    }
    photo_gap = next(g for g in event_gaps(session) if g.indicator.code == "1.2.g")
    with translation.override("en"):
        assert str(photo_gap) == "2 of 4: Photo report"


def test_event_gaps_without_plan_is_empty(db):
    assert event_gaps(past_event()) == []


def test_gaps_by_event_matches_event_gaps(plan, staff):
    session, seminar = past_event(), past_event(kind=EventKind.BUDGET_SEMINAR)
    evidence("photo", seminar, staff, n=2)

    result = dict(selectors.gaps_by_event(plan))

    assert set(result) == {session, seminar}
    assert [g.indicator.code for g in result[seminar]] == [g.indicator.code for g in event_gaps(seminar)]
    assert [g.indicator.code for g in result[seminar]] == ["1.3.b", "1.3.f", "1.3.h"]


def _populate(events: int, staff):
    for n in range(events):
        event = past_event(kind=EventKind.YOUTH_SESSION if n % 2 == 0 else EventKind.CONFERENCE)
        attend(event, staff)
        evidence("photo", event, staff, n=2)
        TalkFactory(
            event=event, speaker=SpeakerFactory(approval=SpeakerApproval.APPROVED, approved_on=date(2024, 8, 1))
        )


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


def test_indicator_rows_and_gaps_queries_do_not_grow_with_events(plan, staff, django_assert_max_num_queries):
    _populate(1, staff)
    rows_at_one = _queries(lambda: indicator_rows(plan))
    gaps_at_one = _queries(lambda: selectors.gaps_by_event(plan))
    _populate(2, staff)

    with django_assert_max_num_queries(rows_at_one):
        indicator_rows(plan)
    with django_assert_max_num_queries(gaps_at_one):
        selectors.gaps_by_event(plan)
    # One grouped reading per (source, what, event kind), not per event: 91 indicators, 53 queries.
    assert rows_at_one <= 55
    assert gaps_at_one <= 12
