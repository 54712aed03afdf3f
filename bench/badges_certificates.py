"""Bench for badges and certificates: the code a worker runs, in one process.

    .venv/bin/python bench/badges_certificates.py [--badges 300] [--certificates 1400]

What it does:
  1. migrates a fresh SQLite database in a temporary folder (private files there too);
  2. creates an event with N confirmed registrations for badges and M checked-in ones for
     certificates;
  3. starts a badge job (A4 sheets of 8) and a certificate job (without e-mail) exactly as the
     API does; with no REDIS_URL the tasks run in this process, one after another, like one
     worker with concurrency 1: one task per sheet or per certificate, then the assembly task;
  4. prints the seconds of each job and the process's peak memory (ru_maxrss), against the targets.

Exit status: 0 when both jobs finish with every part done (a missed target only prints MISSED),
1 when a job fails.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"badges": 2.5, "certificates": 30.0, "memory_mb": 200}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--badges", type=int, default=300)
    parser.add_argument("--certificates", type=int, default=1400)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bq-bench-"))
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "true",
            "LOG_LEVEL": "WARNING",
            "SQLITE_PATH": str(folder / "bench.sqlite3"),
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        }
    )
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    event, organiser = _setup(args.badges, args.certificates)

    from core.models import JobStatus
    from documents import badges, certificates

    results = {}
    for name, start in (
        ("badges", lambda: badges.start_badge_job(event=event["badges"], by=organiser, layout="a4_sheet")),
        (
            "certificates",
            lambda: certificates.start_certificate_job(event=event["certificates"], by=organiser, email=False),
        ),
    ):
        began = time.perf_counter()
        job = start()  # the on-commit hook queues the tasks; without Redis they run here and now
        seconds = time.perf_counter() - began
        job.refresh_from_db()
        results[name] = (seconds, job)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'what':<34}{'result':>12}{'target':>12}")
    ok = True
    for name, label in (
        ("badges", f"{args.badges} badges (A4 sheets of 8)"),
        ("certificates", f"{args.certificates} certificates"),
    ):
        seconds, job = results[name]
        done = job.status == JobStatus.DONE and job.done == job.total
        ok &= done
        verdict = "" if seconds <= TARGETS[name] else "  MISSED"
        print(
            f"{label:<34}{seconds:>10.2f} s{TARGETS[name]:>10.1f} s{verdict}"
            f"  ({job.status}, {job.done}/{job.total} parts, {job.result.size // 1024} KB)"
        )
    verdict = "" if peak_mb <= TARGETS["memory_mb"] else "  MISSED"
    print(f"{'peak memory (ru_maxrss)':<34}{peak_mb:>9.0f} MB{TARGETS['memory_mb']:>9} MB{verdict}")
    return 0 if ok else 1


def _setup(badges: int, certificates: int):
    from datetime import timedelta

    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from events.models import Event, EventStatus, Venue
    from registration.models import CheckIn, Registration, Role, Source

    organiser = User.objects.create_user("bench-organiser")
    organiser.groups.add(Group.objects.get(name="organiser"))
    venue = Venue.objects.create(name="Жастар ресурстық орталығы", address="Тәуке хан даңғылы, 1")
    # Held yesterday: certificates are issued only once an event has taken place.
    start = timezone.now() - timedelta(days=1)
    events = {}
    for key, count in (("badges", badges), ("certificates", certificates)):
        event = Event.objects.create(
            slug=f"bench-{key}",
            title_kk="Жергілікті бюджет бойынша азаматтық қатысу конференциясы",
            start_at=start,
            end_at=start + timedelta(hours=6),
            venue=venue,
            status=EventStatus.PUBLISHED,
        )
        roles = [Role.PARTICIPANT] * 8 + [Role.SPEAKER, Role.VOLUNTEER]
        people = [
            Registration(
                event=event,
                full_name=f"Қатысушы Әлиұлы Нөмір {n}",
                name_search=f"қатысушы {n:05d}",
                organisation="Шымкент қаласының жастар ресурстық орталығы",
                role=roles[n % len(roles)],
                source=Source.ORGANISER,
                language=("kk", "ru", "en")[n % 3],
            )
            for n in range(count)
        ]
        Registration.objects.bulk_create(people, batch_size=500)
        if key == "certificates":
            CheckIn.objects.bulk_create(
                [CheckIn(registration=r, checked_in_by=organiser) for r in Registration.objects.filter(event=event)],
                batch_size=500,
            )
        events[key] = event
    return events, organiser


if __name__ == "__main__":
    sys.exit(main())
