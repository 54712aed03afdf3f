"""What happened at the demo programme's held events, so that the dashboard shows a believable
mix of met, on track and behind: about a thousand distinct participants (many at several events, some
without a phone), staff and volunteers checked in beside them, feedback, evidence (approved,
awaiting approval, one rejected) with real photos, evidence filed under indicators, figures
typed by hand, the acts signed with the grantor and the kits handed out.

It is a step of `events.demo.load_demo` (registered in MonitoringConfig.ready), so `make run`
(migrate, load_demo, load_grant_plan) builds it. It loads the grant plan with a period that
spans the demo programme (the months of its first and last events): the grant's own period,
August–November 2024, lies before the demo's dates. It runs once: when the conference already
has attendees it changes nothing.
"""

import calendar
import random
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import Event
from registration.models import Registration

from .. import services
from . import evidence, people, stock

SEED = 83


def _period(events: list[Event]) -> tuple[date, date]:
    days = [timezone.localdate(event.start_at) for event in events]
    first, last = min(days), max(days)
    return first.replace(day=1), last.replace(day=calendar.monthrange(last.year, last.month)[1])


def _attendance(rng: random.Random, pool: list[dict], sessions, seminars, conference, launch) -> dict:
    youth, community = pool[:1150], pool[1150:]
    attendance = {launch: rng.sample(pool, 60)}
    for session in sessions:
        attendance[session] = rng.sample(youth, rng.randint(100, 118))
    for seminar in seminars:
        attendance[seminar] = rng.sample(community, rng.randint(14, 20)) + rng.sample(youth, 5)
    attendance[conference] = rng.sample(pool, 330)
    return attendance


def load_demo_activity() -> str:
    events = {event.slug: event for event in Event.objects.all()}
    conference = events.get("conference-2026")
    if conference is None or "project-launch" not in events or Registration.objects.filter(event=conference).exists():
        return ""
    users = get_user_model().objects
    organiser, volunteer = users.get(username="organiser"), users.get(username="volunteer")
    plan = services.load_grant_plan(period=_period(list(events.values()))).plan
    now = timezone.now()
    sessions = [events[f"youth-session-{n}"] for n in range(1, 11)]
    seminars = [events[f"budget-seminar-{n}"] for n in range(1, 11)]
    held_sessions = [event for event in sessions if event.start_at < now]
    held_seminars = [event for event in seminars if event.start_at < now]
    launch = events["project-launch"]

    rng = random.Random(SEED)
    pool = people.person_pool(rng, 1500)
    came = people.register_and_check_in(
        rng, _attendance(rng, pool, held_sessions, held_seminars, conference, launch), scanned_by=volunteer
    )
    for n, session in enumerate(held_sessions):
        people.leave_feedback(rng, came[session], 2 + n % 3)
    for n, seminar in enumerate(held_seminars):
        people.leave_feedback(rng, came[seminar], n % 2)
    people.leave_feedback(rng, came[conference], 12)

    media = evidence.Media(organiser, rng)
    evidence.event_evidence(media, sessions, seminars, conference, launch)
    filed = evidence.project_evidence(media, plan.starts_on, timezone.localdate())
    media.save()
    evidence.session_photos(held_sessions, organiser, lambda n: 3 if n == 5 else 4)
    evidence.session_photos(held_seminars, organiser, lambda n: 2)
    evidence.conference_photos(conference, organiser, filed)
    evidence.file_under(plan, filed, organiser)
    evidence.enter_values(plan, organiser)
    giveaways = stock.giveaways(plan, conference, came[conference], by=organiser)
    attendances = sum(len(registrations) for registrations in came.values())
    return (
        f"Demo activity: {attendances} participants' check-ins at {len(came)} held events, evidence, "
        f"the grant plan over {plan.starts_on}–{plan.ends_on}. {giveaways}"
    )
