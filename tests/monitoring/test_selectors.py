from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.errors import DomainError
from events.models import EventKind, EventStatus, SpeakerApproval
from media_log import services as media
from monitoring import selectors, services
from monitoring.dates import MONTHS, long_date, months_label
from monitoring.models import ActivityTiming, GrantPlan, Indicator, IndicatorStatus, ManualValue
from monitoring.readings import activity_window
from monitoring.selectors import indicator_rows
from registration.services import undo_check_in
from tests.conftest import make_user
from tests.factories import AgendaItemFactory, EventFactory, SpeakerFactory, TalkFactory
from tests.support import local

from .conftest import actual, attend, evidence, past_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return make_user("monitor-staff", "organiser")


def row(rows, code):
    return next(r for r in rows if r.code == code)


def test_participants_follow_undone_check_ins(plan, staff):
    indicator = Indicator.objects.get(code="1.2.h")
    session, seminar = past_event(), past_event(kind=EventKind.BUDGET_SEMINAR)
    first = attend(session, staff)
    attend(session, staff)
    attend(seminar, staff)
    assert actual(indicator) == Decimal(2)

    undo_check_in(registration=first, by=staff, reason="Қате сканерленді")

    assert actual(indicator) == Decimal(1)
    assert actual(indicator, event=session) == Decimal(1)
    assert actual(Indicator.objects.get(code="1.3.f")) == Decimal(1)


def test_evidence_tied_to_no_event_counts_when_dated_in_the_period(plan, staff):
    indicator = Indicator.objects.get(code="C.1.b")
    evidence("social_post", past_event(), staff, 2)
    evidence("social_post", None, staff, day=timezone.localdate())
    evidence("social_post", None, staff, day=plan.starts_on - timedelta(days=1))

    assert actual(indicator) == Decimal(3)
    assert actual(Indicator.objects.get(code="5.1.a")) == Decimal(2)  # tied to events only


def test_photo_and_video_report_is_one_indicator_with_two_figures(plan, staff):
    session = past_event()
    evidence("photo", session, staff, 4)

    photos = row(indicator_rows(plan), "1.2.g")
    assert (photos.events_meeting, photos.shortfalls[0][1:]) == (0, (Decimal(4), Decimal(0)))

    evidence("video", session, staff)

    photos = row(indicator_rows(plan), "1.2.g")
    assert (photos.events_meeting, photos.events_held, photos.events_planned) == (1, 1, 10)
    assert photos.target_display == "≥ 4/1"
    with translation.override("en"):
        assert photos.summary == "1 of 10 events meet ≥ 4/1 (1 held)"


def test_approved_speakers_from_talks_and_agenda(plan, staff):
    session = past_event()
    approved = {"approval": SpeakerApproval.APPROVED, "approved_on": date(2024, 8, 20)}
    TalkFactory(event=session, speaker=SpeakerFactory(**approved))
    agenda = AgendaItemFactory(event=session)
    agenda.speakers.add(SpeakerFactory(**approved), SpeakerFactory())  # the second awaits approval

    assert actual(Indicator.objects.get(code="1.2.b")) == Decimal(2)
    assert actual(Indicator.objects.get(code="1.2.c")) == Decimal(1)


def test_feedback_per_event(plan, staff):
    session = past_event()
    for _ in range(2):
        media.leave_feedback(registration=attend(session, staff), rating=5, comment="")

    assert actual(Indicator.objects.get(code="1.2.d"), event=session) == Decimal(2)
    assert row(indicator_rows(plan), "1.2.d").events_meeting == 1


def test_manual_value_newest_per_event_summed(plan, staff):
    indicator = Indicator.objects.get(code="IV.4")
    session = past_event()
    services.record_manual_value(indicator=indicator, value=Decimal(4), by=staff)
    services.record_manual_value(indicator=indicator, value=Decimal(7), by=staff)
    services.record_manual_value(indicator=indicator, value=Decimal(2), event=session, by=staff)

    assert actual(indicator) == Decimal(9)
    assert actual(indicator, event=session) == Decimal(2)
    assert row(indicator_rows(plan), "IV.4").last_entry.entered_by == "monitor-staff"


def test_a_value_for_an_event_the_indicator_never_counts_is_refused(plan, staff):
    indicator = Indicator.objects.get(code="IV.3")
    outside = [
        past_event(days_ago=400),  # long before the period
        past_event(status=EventStatus.CANCELLED),
        past_event(status=EventStatus.DRAFT),
    ]
    for event in outside:
        with pytest.raises(DomainError) as refused, translation.override("en"):
            services.record_manual_value(indicator=indicator, value=Decimal(3), event=event, by=staff)
        assert (refused.value.code, refused.value.field) == ("outside_plan", "event")
        assert str(refused.value.message).startswith("This event is outside the grant plan")

    indicator.activity.timing = ActivityTiming.FIRST_MONTH  # due in the period's first month only
    indicator.activity.save()
    with pytest.raises(DomainError, match="outside the grant plan"), translation.override("en"):
        services.record_manual_value(indicator=indicator, value=Decimal(3), event=past_event(), by=staff)
    assert not ManualValue.objects.exists()


def test_manual_values_count_the_project_and_the_indicators_held_events_only(plan, staff):
    """The probe of the review: IV.3 = 3 for the whole project and 3 again tied to an event 400
    days before the period made 6; the event's value never counts."""
    indicator = Indicator.objects.get(code="IV.3")
    held, ahead = past_event(), EventFactory()  # both in the period; `ahead` a week from now
    services.record_manual_value(indicator=indicator, value=Decimal(3), by=staff)
    counted = services.record_manual_value(indicator=indicator, value=Decimal(2), event=held, by=staff)
    services.record_manual_value(indicator=indicator, value=Decimal(5), event=ahead, by=staff)  # counts once held
    # Values kept from before the rule: the service refuses these events now.
    for event in (past_event(days_ago=400), past_event(status=EventStatus.CANCELLED)):
        ManualValue.objects.create(indicator=indicator, event=event, value=Decimal(3), entered_by=staff)
    ManualValue.objects.filter(pk=counted.pk).update(entered_at=timezone.now() + timedelta(hours=1))
    ManualValue.objects.filter(event__isnull=False).exclude(pk=counted.pk).exclude(event=ahead).update(
        entered_at=timezone.now() + timedelta(hours=2)
    )

    assert actual(indicator) == Decimal(5)
    assert actual(indicator, event=held) == Decimal(2)
    assert actual(indicator, today=timezone.localdate() + timedelta(days=10)) == Decimal(10)
    result = row(indicator_rows(plan), "IV.3")
    assert (result.actual, result.last_entry.value) == (Decimal(5), Decimal(2))  # the newest value counted


def test_presentations_count_in_the_month_they_are_due(staff):
    plan = services.load_grant_plan(period=(date(2024, 8, 1), date(2024, 11, 30))).plan
    assert activity_window(plan, ActivityTiming.FIRST_MONTH) == (date(2024, 8, 1), date(2024, 8, 31))
    assert activity_window(plan, ActivityTiming.LAST_MONTH) == (date(2024, 11, 1), date(2024, 11, 30))
    EventFactory(kind=EventKind.PRESENTATION, start_at=local(2024, 8, 28, 11, 0), end_at=local(2024, 8, 28, 13, 0))
    EventFactory(kind=EventKind.PRESENTATION, start_at=local(2024, 9, 2, 11, 0), end_at=local(2024, 9, 2, 13, 0))

    rows = indicator_rows(plan, today=date(2024, 10, 1))

    assert (row(rows, "P.1.a").actual, row(rows, "P.1.a").status) == (1, IndicatorStatus.MET)
    assert (row(rows, "P.2.a").actual, row(rows, "P.2.a").status) == (0, IndicatorStatus.ON_TRACK)
    assert row(indicator_rows(plan, today=date(2024, 11, 16)), "P.2.a").status == IndicatorStatus.BEHIND


@pytest.fixture
def small_plan(db):
    """The plan over a 100-day period starting 1 Aug 2024."""
    return services.load_grant_plan(period=(date(2024, 8, 1), date(2024, 11, 9))).plan


@pytest.mark.parametrize(
    ("value", "today", "status"),
    [
        (10, date(2024, 8, 2), IndicatorStatus.MET),
        (5, date(2024, 9, 20), IndicatorStatus.ON_TRACK),  # 50% done, 50% of the period passed
        (4, date(2024, 9, 20), IndicatorStatus.BEHIND),  # 40%
        (0, date(2024, 7, 1), IndicatorStatus.ON_TRACK),  # before the period
        (9, date(2024, 12, 1), IndicatorStatus.BEHIND),  # after it, short of the target
    ],
)
def test_total_indicator_status_with_fixed_today(small_plan, staff, value, today, status):
    services.record_manual_value(indicator=Indicator.objects.get(code="IV.4"), value=Decimal(value), by=staff)

    result = row(indicator_rows(small_plan, today=today), "IV.4")

    assert (result.actual, result.status) == (Decimal(value), status)
    assert result.percent == round(value * 100 / 10)


def test_two_figure_status_needs_both(plan, staff):
    session = past_event(kind=EventKind.CONFERENCE)
    evidence("photo", session, staff, 9)

    result = row(indicator_rows(plan), "2.1.k")

    assert (result.actual, result.actual_second, result.percent, result.status) == (9, 0, 0, IndicatorStatus.BEHIND)


def test_per_event_indicator_with_no_events_held_before_the_period(small_plan):
    result = row(indicator_rows(small_plan, today=date(2024, 7, 1)), "1.2.g")

    assert (result.events_meeting, result.events_held, result.percent, result.status) == (
        0,
        0,
        0,
        IndicatorStatus.ON_TRACK,
    )


def test_event_gaps_lists_what_a_session_lacks(plan, staff):
    session = past_event(kind=EventKind.YOUTH_SESSION)
    evidence("photo", session, staff, 2)
    evidence("video", session, staff)
    evidence("press", session, staff)

    [(event, gaps)] = selectors.gaps_by_event(plan)

    assert event == session
    assert {gap.indicator.code: (gap.actual, gap.actual_second) for gap in gaps} == {
        "1.2.d": (0, None),
        "1.2.e": (0, None),
        "1.2.g": (2, 1),
        "1.2.i": (0, None),
    }
    photo_gap = next(g for g in gaps if g.indicator.code == "1.2.g")
    with translation.override("en"):
        assert str(photo_gap) == "2/1 of 4/1: Photo/video report"


def test_gaps_by_event_lists_each_held_event_with_the_indicators_of_its_kind(plan, staff):
    session, seminar = past_event(), past_event(kind=EventKind.BUDGET_SEMINAR)
    past_event(days_ago=90, kind=EventKind.BUDGET_SEMINAR)  # before the period
    evidence("photo", seminar, staff, 2)

    result = dict(selectors.gaps_by_event(plan))

    assert set(result) == {session, seminar}
    assert [g.indicator.code for g in result[seminar]] == ["1.3.e", "1.3.g"]


def _populate(events: int, staff):
    for n in range(events):
        event = past_event(kind=EventKind.YOUTH_SESSION if n % 2 == 0 else EventKind.CONFERENCE)
        attend(event, staff)
        attend(event, staff, role="volunteer")
        evidence("photo", event, staff, 2)
        evidence("social_post", event, staff, approval="approved", reach=10)
        TalkFactory(
            event=event, speaker=SpeakerFactory(approval=SpeakerApproval.APPROVED, approved_on=date(2024, 8, 1))
        )
        media.leave_feedback(registration=attend(event, staff), rating=4, comment="")


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


def test_indicator_rows_and_gaps_queries_do_not_grow_with_the_data(plan, staff, django_assert_max_num_queries):
    _populate(2, staff)  # a session and the conference: every reading is made at this size already
    rows_at_one = _queries(lambda: indicator_rows(plan))
    gaps_at_one = _queries(lambda: selectors.gaps_by_event(plan))
    _populate(6, staff)

    with django_assert_max_num_queries(rows_at_one):
        indicator_rows(plan)
    with django_assert_max_num_queries(gaps_at_one):
        selectors.gaps_by_event(plan)
    # One reading per kind of record, not per indicator nor per event: 79 indicators, 15 queries.
    assert rows_at_one <= 15
    assert gaps_at_one <= 12


def test_the_plans_period_is_data(plan):
    GrantPlan.objects.filter(pk=plan.pk).update(starts_on=date(2024, 8, 1), ends_on=date(2024, 11, 30))
    plan.refresh_from_db()

    assert row(indicator_rows(plan), "IV.1").status == IndicatorStatus.BEHIND


@pytest.mark.parametrize(
    ("language", "expected", "day"),
    [
        ("kk", "тамыз–қараша 2024", "1 тамыз 2024 ж."),
        ("ru", "август–ноябрь 2024", "1 августа 2024 г."),
        ("en", "August–November 2024", "1 August 2024"),
    ],
)
def test_the_period_is_written_as_the_grant_writes_it(language, expected, day):
    with translation.override(language):
        assert months_label(date(2024, 8, 1), date(2024, 11, 30)) == expected
        assert long_date(date(2024, 8, 1)) == day
        assert months_label(date(2026, 11, 1), date(2027, 1, 31)).startswith(str(MONTHS[11]))


def test_evidence_kinds_of_both_figures_in_the_order_written():
    indicator = Indicator(source_param="banner|photo", second_param="video|photo")

    assert indicator.evidence_kinds == ("banner", "photo", "video")
    assert Indicator(source_param="*").evidence_kinds == ("*",)
