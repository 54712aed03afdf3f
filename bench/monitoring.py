"""Bench for the grant's monitoring: the dashboard and the indicators API on a grant-sized project.

    .venv/bin/python bench/monitoring.py [--people 1500] [--events 25] [--checkins 3000] [--evidence 500]
                                         [--runs 30] [--database-url postgres://…/basqaru_bench]

What it does:
  1. migrates a fresh SQLite database in a temporary folder (or, with --database-url, flushes and
     migrates that PostgreSQL database, whose name must contain "bench");
  2. loads the grant plan (79 indicators) over a period around today and creates N people who
     come to several of E events (most already held), C check-ins among them (with staff who
     check in too), V pieces of evidence (approved, pending, rejected; some filed under
     indicators), feedback, and values typed by hand;
  3. with production settings (DEBUG off, static files collected), signed in as an organiser through Django's test
     client, requests a trivial page (the login form: the reference, measured in the same run),
     `GET /monitoring/` and `GET /api/monitoring/indicators` R times each after a warm-up, and
     prints the median, p95 and the number of SQL queries of each, the ratio of each to the
     reference, and whether the median is under the 300 ms target;
  4. doubles the data and counts the queries again: they must not grow.

Exit status: 0 when every target is met, 1 otherwise.
"""

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

TARGET_MS = 300


def _environment(args) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bq-bench-monitoring-"))
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        if "bench" not in args.database_url.rsplit("/", 1)[-1]:
            sys.exit("--database-url: the database's name must contain 'bench' (it is flushed).")
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            "SQLITE_PATH": str(folder / "bench.sqlite3"),
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "STATIC_ROOT": str(folder / "static"),
        }
    )
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


KINDS = ["photo", "video", "social_post", "press", "programme", "summary_note", "banner", "letter", "interview"]


def _populate(rng: random.Random, *, people: int, events: int, checkins: int, evidence: int, organiser, plan, tag=""):
    """People at events with check-ins, staff, evidence and feedback, in bulk."""
    from django.utils import timezone

    from events.models import Event, EventKind, EventStatus
    from media_log.models import Feedback, MediaItem
    from monitoring.models import EvidenceFiling, Indicator
    from registration.models import CheckIn, Registration

    kinds = [EventKind.YOUTH_SESSION] * 10 + [EventKind.BUDGET_SEMINAR] * 10 + [EventKind.CONFERENCE]
    kinds += [EventKind.PRESENTATION, EventKind.OTHER] * 10
    now = timezone.now()
    created = []
    for n in range(events):
        start = now - timedelta(days=50 - 3 * n)
        created.append(
            Event(
                slug=f"bench{tag}-{n}",
                kind=kinds[n % len(kinds)],
                title_kk=f"Іс-шара {tag}{n}",
                start_at=start,
                end_at=start + timedelta(hours=2),
                status=EventStatus.FINISHED if start < now else EventStatus.PUBLISHED,
            )
        )
    created = Event.objects.bulk_create(created)
    held = [event for event in created if event.start_at < now]
    registrations, seen = [], set()
    while len(registrations) < checkins:
        person = rng.randrange(people)
        event = rng.choice(held)
        if (person, event.pk) in seen:
            continue
        seen.add((person, event.pk))
        phone = f"+7701{tag or '0'}{person:06d}" if person % 7 else ""
        name = f"Қатысушы {tag}{person}"
        role = "participant" if person % 20 else "volunteer"
        registrations.append(
            Registration(
                event=event,
                full_name=name,
                name_search=name.casefold(),
                phone=phone,
                organisation=f"Мектеп {person % 40}",
                role=role,
                age=14 + person % 50,
                district=["abay", "al_farabi", "enbekshi", "karatau", "turan", ""][person % 6],
                consent_text="bench",
                consent_at=now,
            )
        )
    registrations = Registration.objects.bulk_create(registrations, batch_size=500)
    CheckIn.objects.bulk_create(
        [CheckIn(registration=r, checked_in_by=organiser) for r in registrations], batch_size=500
    )
    Feedback.objects.bulk_create([Feedback(registration=r, rating=5) for r in registrations[::15]], batch_size=500)
    items = []
    for n in range(evidence):
        approval = rng.choice(["approved", "approved", "pending", "not_required", "rejected"])
        items.append(
            MediaItem(
                kind=rng.choice(KINDS),
                event=rng.choice(created) if n % 4 else None,
                title=f"Дәлел {n}",
                date=timezone.localdate(),
                url=f"https://example.kz/{tag}{n}",
                street=f"Көше {n % 12}",
                reach=rng.randint(10, 500),
                approval=approval,
                approved_on=timezone.localdate() if approval in ("approved", "rejected") else None,
                created_by=organiser,
            )
        )
    items = MediaItem.objects.bulk_create(items, batch_size=500)
    filed = Indicator.objects.filter(plan=plan, place="filed", source="evidence")
    EvidenceFiling.objects.bulk_create(
        [EvidenceFiling(indicator=rng.choice(filed), item=item, filed_by=organiser) for item in items[::10]],
        ignore_conflicts=True,
    )


def _measure(client, path: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(path).status_code == 200, path
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as context:
        client.get(path)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(context.captured_queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1500)
    parser.add_argument("--events", type=int, default=25)
    parser.add_argument("--checkins", type=int, default=3000)
    parser.add_argument("--evidence", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    _environment(args)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from monitoring.services import load_grant_plan
    from tests.support import make_user

    if args.database_url:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # production settings: hashed names
    today = timezone.localdate()
    plan = load_grant_plan(period=(today - timedelta(days=60), today + timedelta(days=60))).plan
    organiser = make_user("bench-organiser", "organiser")
    rng = random.Random(83)
    started = time.perf_counter()
    sizes = {"people": args.people, "events": args.events, "checkins": args.checkins, "evidence": args.evidence}
    _populate(rng, organiser=organiser, plan=plan, **sizes)
    print(f"Data: {args.people} people, {args.events} events, {args.checkins} check-ins, {args.evidence} pieces of "
          f"evidence on {connection.vendor} ({time.perf_counter() - started:.1f} s to create).")  # fmt: skip

    client = Client()
    client.force_login(organiser)
    pages = [("reference: GET /login/", "/login/"), ("GET /monitoring/", "/monitoring/")]
    pages.append(("GET /api/monitoring/indicators", "/api/monitoring/indicators"))
    results = {label: _measure(client, path, args.runs) for label, path in pages}
    reference = results[pages[0][0]][0]
    ok = True
    print(f"{'':34} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'× reference':>12}")
    for label, (median, p95, queries) in results.items():
        verdict = ""
        if label != pages[0][0]:
            met = median < TARGET_MS
            ok &= met
            verdict = f"  {'OK' if met else 'MISSED'} (< {TARGET_MS} ms)"
        print(f"{label:34} {median:10.1f} {p95:8.1f} {queries:8d} {median / reference:12.1f}{verdict}")

    _populate(rng, organiser=organiser, plan=plan, tag="9", **sizes)
    for label, path in pages[1:]:
        _median, _p95, queries = _measure(client, path, 3)
        grew = queries > results[label][2]
        ok &= not grew
        print(f"{label} with twice the data: {queries} queries ({'GREW' if grew else 'same or fewer'}).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
