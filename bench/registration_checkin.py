"""Load and exactness bench for public registration and door check-in, against real gunicorn + PostgreSQL.

    .venv/bin/python bench/registration_checkin.py [--registrations 2000] [--capacity 1800]
                                                   [--clients 16] [--workers 4] [--keep]

What it does (see bench/README.md):
  1. creates a fresh PostgreSQL database (default basqaru_bench), migrates it, and creates a
     published event of capacity N (< R, so the waitlist path is taken), a volunteer and a device token;
  2. starts gunicorn (config.wsgi, sync workers) on a free port of 127.0.0.1 with production
     settings (DEBUG off) except plain http and REGISTRATION_RATE_LIMIT=0 (the per-address limit off:
     every simulated person comes from 127.0.0.1);
  3. drives it from a separate Python process (threads, http.client, standard library only) in three
     phases: R registrations, the first check-in of every confirmed ticket, a repeat scan of each;
  4. checks exactness in the database, prints a table against the targets, stops gunicorn and drops
     the database (unless --keep).

Exit status: 0 when every correctness check passes (a missed performance target only prints MISSED),
1 when a correctness check fails, 2 when the bench itself could not run.

The script is also its own helper: `_setup` and `_verify` run inside a subprocess with the bench's
Django environment, `_drive` is the load generator. Those modes are internal.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import queue
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
EVENT_SLUG = "bench-event"
WARMUP_SLUG = "bench-warmup"
DOOR_SLUG = "bench-door"
VOLUNTEER = "bench-volunteer"
FLOOR_SCRIPT = PROJECT.parent / "shared" / "bench" / "bare_checkin.sh"
# First check-ins against the bare floor (one lock, one update, one insert), measured in the same run.
FLOOR_RATIO_TARGET = 0.60
BATCH_SECONDS_TARGET = 1.0
ROSTER_MS_TARGET = 100.0
ROSTER_BYTES_TARGET = 100_000

TARGETS = {
    # phase key: (minimum requests/s, maximum p99 in ms or None)
    "registrations": (150.0, None),
    "first_checkins": (300.0, 50.0),
}
PHASE_TITLES = {
    "registrations": "registrations",
    "first_checkins": "first check-ins",
    "repeat_scans": "repeat scans",
}


# --------------------------------------------------------------------------------------------
# Internal mode: Django helpers, run in a subprocess whose environment is the bench's.
# --------------------------------------------------------------------------------------------


def _django():
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def mode_setup(capacity: int, door_people: int) -> None:
    """Create the bench event (capacity N), a warm-up event (no limit), the door event with
    `door_people` registrations (for the offline batch and the roster) and the volunteer; print JSON."""
    _django()
    from datetime import timedelta

    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from events.models import Event, EventKind, EventStatus
    from registration.models import Registration, Source

    # Registration is open until the start, and the door from two hours before it: both now.
    start = timezone.now() + timedelta(hours=1)
    common = dict(
        kind=EventKind.CONFERENCE,
        start_at=start,
        end_at=start + timedelta(hours=4),
        status=EventStatus.PUBLISHED,
        checkin_opens_minutes_before=120,
    )
    event = Event.objects.create(slug=EVENT_SLUG, title_kk="Бенчмарк: тіркеу және кіру", capacity=capacity, **common)
    warmup = Event.objects.create(slug=WARMUP_SLUG, title_kk="Бенчмарк: қыздыру", capacity=None, **common)
    door = Event.objects.create(slug=DOOR_SLUG, title_kk="Бенчмарк: есік", capacity=None, **common)
    Registration.objects.bulk_create(
        [
            Registration(event=door, full_name=person(n, "705")["full_name"], source=Source.ORGANISER)
            for n in range(door_people)
        ]
    )
    user = User.objects.create_user(
        VOLUNTEER, password=secrets.token_urlsafe(16), first_name="Bench", last_name="Volunteer"
    )
    user.groups.add(Group.objects.get(name="volunteer"))
    door_codes = list(Registration.objects.filter(event=door).values_list("code", flat=True))
    print(json.dumps({"event_id": event.pk, "warmup_id": warmup.pk, "user_id": user.pk, "door_codes": door_codes}))


def mode_verify() -> None:
    """Print the facts the orchestrator checks, read straight from the database."""
    _django()
    from django.db.models import Count, Max, Min, Q

    from events.models import Event
    from registration.models import CheckIn, Registration, ScanLog

    event = Event.objects.only("pk", "capacity").get(slug=EVENT_SLUG)
    regs = Registration.objects.filter(event=event)
    by_status = dict(regs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    active = Q(checkins__undone_at__isnull=True)
    confirmed = regs.filter(status="confirmed").annotate(active=Count("checkins", filter=active))
    checkins = CheckIn.objects.filter(registration__event=event)
    scans = ScanLog.objects.filter(event=event)
    times = {
        status: regs.filter(status=status).aggregate(first=Min("created_at"), last=Max("created_at"))
        for status in ("confirmed", "waitlisted")
    }
    print(
        json.dumps(
            {
                "capacity": event.capacity,
                "registrations": regs.count(),
                "by_status": by_status,
                "distinct_phones": regs.values("phone").distinct().count(),
                "confirmed_codes": sorted(regs.filter(status="confirmed").values_list("code", flat=True)),
                "waitlisted_codes": sorted(regs.filter(status="waitlisted").values_list("code", flat=True)),
                "confirmed_last_created": times["confirmed"]["last"].isoformat()
                if times["confirmed"]["last"]
                else None,
                "waitlisted_first_created": (
                    times["waitlisted"]["first"].isoformat() if times["waitlisted"]["first"] else None
                ),
                "confirmed_with_exactly_one_active_checkin": confirmed.filter(active=1).count(),
                "confirmed_with_more_than_one_active_checkin": confirmed.filter(active__gt=1).count(),
                "active_checkins_on_unconfirmed": checkins.filter(undone_at__isnull=True)
                .exclude(registration__status="confirmed")
                .count(),
                "checkin_rows": checkins.count(),
                "scanlog_rows": scans.count(),
                "scanlog_by_result": dict(
                    scans.values_list("result").annotate(n=Count("pk")).values_list("result", "n")
                ),
                "scanlog_without_registration": scans.filter(registration__isnull=True).count(),
                "door_checkins": CheckIn.objects.filter(registration__event__slug=DOOR_SLUG).count(),
                "door_offline_scans": ScanLog.objects.filter(event__slug=DOOR_SLUG, offline=True).count(),
            }
        )
    )


# --------------------------------------------------------------------------------------------
# Internal mode: the load driver (standard library only). Reads a job on stdin, writes results.
# --------------------------------------------------------------------------------------------


def mode_drive() -> None:
    job = json.load(sys.stdin)
    host, port, clients = job["host"], job["port"], job["clients"]
    requests = job["requests"]  # [[method, path, body-or-null], ...]
    headers = {"Content-Type": "application/json", "Accept": "application/json", **job.get("headers", {})}
    bodies = [None if body is None else json.dumps(body).encode() for _, _, body in requests]
    work: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(requests)):
        work.put(index)
    results: list = [None] * len(requests)
    ready = threading.Barrier(clients + 1)
    finished_at = [0.0] * clients

    def client(slot: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        ready.wait()
        while True:
            try:
                index = work.get_nowait()
            except queue.Empty:
                break
            method, path, _ = requests[index]
            started = time.perf_counter()
            try:
                conn.request(method, path, body=bodies[index], headers=headers)
                response = conn.getresponse()
                data = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                status, data = 0, repr(exc).encode()
            results[index] = (status, time.perf_counter() - started, data)
        finished_at[slot] = time.perf_counter()
        conn.close()

    threads = [threading.Thread(target=client, args=(slot,), daemon=True) for slot in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = max(finished_at) - started

    out = []
    for status, latency, data in results:
        try:
            body = json.loads(data) if data else None
        except ValueError:
            body = {"raw": data[:300].decode("utf-8", "replace")}
        out.append([status, latency, body])
    json.dump({"elapsed": elapsed, "results": out}, sys.stdout)


# --------------------------------------------------------------------------------------------
# The orchestrator.
# --------------------------------------------------------------------------------------------


def _proc_cpu_seconds(pid: str) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU-seconds of the whole machine since boot, from /proc/stat."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values) - idle) / hz, sum(values) / hz


class CpuMeter:
    """CPU used during a phase by gunicorn (master and workers), by the bench database's PostgreSQL
    backends, by the load driver, and by everything else on the machine. Linux only (/proc)."""

    def __init__(self, gunicorn_pid: int, db_name: str):
        self.gunicorn_pid, self.db_name = str(gunicorn_pid), db_name

    def _per_process(self) -> dict[str, tuple[str, float]]:
        """{pid: (group, cpu seconds)} for gunicorn's processes and the bench database's backends."""
        found = {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    ppid = stat.read().rsplit(")", 1)[1].split()[1]
                with open(f"/proc/{pid}/cmdline", "rb") as cmd:
                    cmdline = cmd.read().replace(b"\0", b" ").decode(errors="replace")
                if pid == self.gunicorn_pid or ppid == self.gunicorn_pid:
                    found[pid] = ("gunicorn", _proc_cpu_seconds(pid))
                elif cmdline.startswith("postgres:") and f" {self.db_name} " in cmdline:
                    found[pid] = ("postgres", _proc_cpu_seconds(pid))
            except (OSError, IndexError, ValueError):
                continue  # the process ended meanwhile
        return found

    def start(self) -> dict | None:
        try:
            times = os.times()
            return {
                "procs": self._per_process(),
                "machine": machine_cpu_seconds(),
                "children": times.children_user + times.children_system,
            }
        except OSError:
            return None

    def stop(self, before: dict | None, requests: int) -> dict | None:
        """CPU per request of each group during the phase. A process that ended during the phase
        (a database connection past DB_CONN_MAX_AGE) is not counted: the figures are a lower bound."""
        if before is None or requests == 0:
            return None
        after = self.start()
        if after is None:
            return None
        ours = {"gunicorn": 0.0, "postgres": 0.0}
        for pid, (group, seconds) in after["procs"].items():
            ours[group] += seconds - before["procs"].get(pid, (group, 0.0))[1]
        ours["driver"] = after["children"] - before["children"]  # the driver subprocess, reaped by then
        busy = after["machine"][0] - before["machine"][0]
        capacity = after["machine"][1] - before["machine"][1]  # CPU-seconds available on all CPUs
        return {
            **{f"{k}_cpu_ms_per_request": v * 1000 / requests for k, v in ours.items()},
            "machine_busy_pct": 100 * busy / capacity if capacity else float("nan"),
            "other_processes_pct": 100 * max(busy - sum(ours.values()), 0) / capacity if capacity else float("nan"),
        }


def _mean_floor(runs: list) -> dict | None:
    """The floor's first and repeat scans over its runs: mean req/s and each run's."""
    runs = [run for run in runs if run]
    if not runs:
        return None
    mean = {}
    for label in ("first", "repeat"):
        rates = [run[label]["rps"] for run in runs if label in run]
        if rates:
            mean[label] = {"rps": sum(rates) / len(rates), "runs": rates}
    return mean


class BenchError(Exception):
    """The bench could not run (as opposed to the application failing a check)."""


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(name: str, run: dict) -> dict:
    latencies = sorted(latency for _, latency, _ in run["results"])
    count = len(latencies)
    return {
        "phase": name,
        "requests": count,
        "seconds": run["elapsed"],
        "rps": count / run["elapsed"] if run["elapsed"] > 0 else float("nan"),
        "median_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": (latencies[-1] if latencies else float("nan")) * 1000,
        "non_2xx": sum(1 for status, _, _ in run["results"] if not 200 <= status < 300),
    }


def phase_line(row: dict) -> str:
    return (
        f"{PHASE_TITLES.get(row['phase'], row['phase']):<16} {row['requests']:>8} {row['seconds']:>8.2f} "
        f"{row['rps']:>9.1f} {row['median_ms']:>9.1f} {row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f} "
        f"{row['max_ms']:>8.1f} {row['non_2xx']:>8}"
    )


TABLE_HEADER = (
    f"{'phase':<16} {'requests':>8} {'seconds':>8} {'req/s':>9} {'median ms':>9} {'p95 ms':>8} "
    f"{'p99 ms':>8} {'max ms':>8} {'non-2xx':>8}"
)


def person(index: int, prefix: str = "700") -> dict:
    """A distinct applicant: the phone is unique per index, written in one of the usual formats."""
    first = ["Айгерім", "Нұрлан", "Дана", "Ерлан", "Мадина", "Асель", "Даурен", "Алия", "Тимур", "Жанна"]
    last = ["Сейітова", "Әбенов", "Қасымова", "Ибраев", "Оспанова", "Жұмабаев", "Ким", "Нұрланова"]
    digits = f"{prefix}{index:07d}"  # an operator's code (700, 701) and seven digits: a Kazakhstan mobile
    phone = [
        f"+7 {digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}",
        f"8 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}",
        f"8{digits}",
    ][index % 3]
    body = {
        "full_name": f"{last[index % len(last)]} {first[index % len(first)]}",
        "phone": phone,
        "consent": True,
        "language": ("kk", "ru")[index % 2],
    }
    if index % 2:
        body.update(
            organisation=f"№{index % 97 + 1} мектеп",
            age=14 + index % 20,
            district=["abay", "al_farabi", "enbekshi", "karatau", "turan", "outside"][index % 6],
        )
    return body  # no email: the bench sends no mail


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.workdir = Path(tempfile.mkdtemp(prefix="basqaru-bench-"))
        self.gunicorn: subprocess.Popen | None = None
        self.gunicorn_log = self.workdir / "gunicorn.log"
        self.db_created = False
        self.port = 0
        url = urllib.parse.urlsplit(args.database_url)
        if url.scheme not in ("postgres", "postgresql", "pgsql"):
            raise BenchError("--database-url must be a postgres:// URL")
        self.db_url = url
        self.db_name = url.path.lstrip("/")
        if "bench" not in self.db_name:
            # The bench drops and recreates the database: refuse to touch one that is not obviously its own.
            raise BenchError(f"refusing to use database {self.db_name!r}: its name must contain 'bench'")
        self.secret_key = secrets.token_urlsafe(50)

    # --- environment ------------------------------------------------------------------------

    def django_env(self) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "SQLITE_PATH", "EMAIL_HOST", "BEHIND_TLS_PROXY")
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DATABASE_URL": self.args.database_url,
                "DB_CONN_MAX_AGE": str(self.args.conn_max_age),
                "SECRET_KEY": self.secret_key,
                "DEBUG": "false",
                "ALLOWED_HOSTS": "127.0.0.1",
                "SITE_URL": f"http://127.0.0.1:{self.port or 8000}",
                "SECURE_SSL_REDIRECT": "false",
                "SESSION_COOKIE_SECURE": "false",
                "CSRF_COOKIE_SECURE": "false",
                "SECURE_HSTS_SECONDS": "0",
                "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
                # Every simulated person comes from 127.0.0.1: the per-address limit (30/min) must be off.
                "REGISTRATION_RATE_LIMIT": "0",
                "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
                "STATIC_ROOT": str(self.workdir / "static"),
                "MEDIA_ROOT": str(self.workdir / "media"),
                "PRIVATE_MEDIA_ROOT": str(self.workdir / "private"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.args.redis_url:
            env["REDIS_URL"] = self.args.redis_url
        (self.workdir / "static").mkdir(exist_ok=True)
        return env

    def run_django(self, *argv: str, what: str) -> str:
        proc = subprocess.run(
            [sys.executable, *argv], cwd=PROJECT, env=self.django_env(), capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise BenchError(f"{what} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        return proc.stdout

    # --- database ---------------------------------------------------------------------------

    def admin_connection(self):
        import psycopg  # installed in .venv with the project

        admin_url = self.db_url._replace(path="/" + self.args.admin_database).geturl()
        return psycopg.connect(admin_url, autocommit=True, connect_timeout=10)

    def create_database(self) -> None:
        from psycopg import sql

        with self.admin_connection() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.db_name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.db_name)))
        self.db_created = True

    def drop_database(self) -> None:
        from psycopg import sql

        with self.admin_connection() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.db_name)))
        self.db_created = False

    # --- gunicorn ---------------------------------------------------------------------------

    def free_port(self) -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def start_gunicorn(self) -> None:
        self.port = self.args.port or self.free_port()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            str(self.args.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "--chdir",
            str(PROJECT),
        ]
        self.gunicorn_log_file = open(self.gunicorn_log, "wb")  # noqa: SIM115 - closed in stop_gunicorn
        self.gunicorn = subprocess.Popen(
            argv,
            cwd=PROJECT,
            env=self.django_env(),
            stdout=self.gunicorn_log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        last = "no answer"
        while time.monotonic() < deadline:
            if self.gunicorn.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.gunicorn.returncode}:\n{self.tail_log()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                body = response.read()
                conn.close()
                if response.status == 200:
                    return
                last = f"{response.status} {body[:200]!r}"
            except OSError as exc:
                last = repr(exc)
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer /healthz within 60 s ({last}):\n{self.tail_log()}")

    def worker_count(self) -> int:
        try:
            out = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", str(self.gunicorn.pid)], capture_output=True, text=True
            ).stdout
            return len(out.split())
        except OSError:
            return -1

    def tail_log(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.gunicorn_log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop_gunicorn(self) -> None:
        if self.gunicorn is None:
            return
        if self.gunicorn.poll() is None:
            self.gunicorn.send_signal(signal.SIGTERM)  # the master stops its workers gracefully
            try:
                self.gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.gunicorn.kill()
                self.gunicorn.wait()
        self.gunicorn_log_file.close()
        self.gunicorn = None

    def other_load(self, seconds: float = 2.0) -> float | None:
        """Per cent of the machine's CPU used by processes other than the bench's, sampled now."""
        try:
            meter = CpuMeter(self.gunicorn.pid, self.db_name)
            before = meter.start()
            time.sleep(seconds)
            result = meter.stop(before, 1)
        except OSError:
            return None
        return result["other_processes_pct"] if result else None

    # --- load -------------------------------------------------------------------------------

    def post(self, path: str, body: dict, headers: dict) -> tuple[int, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(
                "POST", path, body=json.dumps(body).encode(), headers={"Content-Type": "application/json", **headers}
            )
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        try:
            return response.status, json.loads(data)
        except ValueError:
            return response.status, {"raw": data[:300].decode("utf-8", "replace")}

    def drive(self, requests: list, headers: dict | None = None, clients: int | None = None) -> dict:
        job = {
            "host": "127.0.0.1",
            "port": self.port,
            "clients": clients or self.args.clients,
            "headers": headers or {},
            "requests": requests,
        }
        proc = subprocess.run(
            [sys.executable, __file__, "_drive"],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        if proc.returncode != 0:
            raise BenchError(f"the load driver failed:\n{proc.stderr[-3000:]}")
        return json.loads(proc.stdout)

    # --- the run ----------------------------------------------------------------------------

    def run(self) -> int:
        args = self.args
        capacity = args.capacity if args.capacity is not None else max(args.registrations - 200, 0)
        rng = random.Random(args.seed)
        print(f"BasQaru registration/check-in bench — {time.strftime('%Y-%m-%d %H:%M:%S')}")
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}"
        )
        shown = self.db_url._replace(
            netloc=f"{self.db_url.username or ''}@{self.db_url.hostname}:{self.db_url.port or 5432}"
        ).geturl()  # never a password
        print(f"database: {shown} (fresh; {'kept afterwards (--keep)' if args.keep else 'dropped afterwards'})")
        print(
            f"server: gunicorn config.wsgi:application, {args.workers} sync workers, DEBUG=false, "
            f"DB_CONN_MAX_AGE={args.conn_max_age}, tasks {'via Redis' if args.redis_url else 'in-process'}"
        )
        print(
            "NOTE: REGISTRATION_RATE_LIMIT=0 — the per-address registration limit is OFF for this bench "
            "(all simulated people share 127.0.0.1)."
        )
        print(
            f"load: {args.clients} concurrent clients (threads in a separate process, http.client); "
            f"R={args.registrations} registrations, capacity={capacity}, warm-up={args.warmup} per endpoint"
        )
        print()

        t0 = time.monotonic()
        self.create_database()
        self.run_django("manage.py", "migrate", "--noinput", "-v", "0", what="migrate")
        setup = json.loads(self.run_django(__file__, "_setup", str(capacity), str(args.door_people), what="bench data"))
        token = self.run_django("manage.py", "issue_token", VOLUNTEER, "--device", "bench", what="issue_token").strip()
        if not token:
            raise BenchError("issue_token printed no token")
        self.start_gunicorn()
        print(
            f"setup: database, migrations, event, volunteer, token and gunicorn (port {self.port}, "
            f"{self.worker_count()} workers) ready in {time.monotonic() - t0:.1f} s"
        )
        auth = {"Authorization": f"Bearer {token}"}
        checks: list[tuple[str, bool, str]] = []

        def check(name: str, ok: bool, detail: str = "") -> None:
            checks.append((name, ok, detail))

        # A door device sends only its bearer token: no session, no CSRF cookie. Probe that once
        # (an unknown code on the warm-up event, so the bench event's ScanLog stays exact).
        status, body = self.post("/api/checkin", {"code": "bench-probe", "event": WARMUP_SLUG}, auth)
        check(
            "POST /api/checkin with only a Bearer token is accepted",
            (status, body.get("result")) == (200, "unknown"),
            f"got {status} {body}",
        )

        # Warm-up on a separate event, so every worker has imported and compiled its code paths.
        if args.warmup:
            warm = self.drive(
                [["POST", f"/api/events/{WARMUP_SLUG}/registrations", person(i, "701")] for i in range(args.warmup)]
            )
            warm_codes = [body["code"] for status, _, body in warm["results"] if status == 201]
            scans = self.drive(
                [["POST", "/api/checkin", {"code": code, "event": WARMUP_SLUG}] for code in warm_codes], headers=auth
            )
            scan_failures = [(status, body) for status, _, body in scans["results"] if status != 200]
            check(
                "warm-up requests answered 2xx",
                len(warm_codes) == args.warmup and not scan_failures,
                f"{len(warm_codes)}/{args.warmup} registrations, {len(scan_failures)} scans failed, "
                f"first: {scan_failures[:1]}",
            )

        rows = []
        meter = CpuMeter(self.gunicorn.pid, self.db_name)
        idle_before = self.other_load()
        if idle_before is not None and idle_before > 10:
            print(
                f"WARNING: other processes are using {idle_before:.0f}% of this machine's CPU right now; "
                "the figures below will be lower than on a quiet machine."
            )
        print()
        print(TABLE_HEADER)

        # (a) registrations
        people = [person(i) for i in range(args.registrations)]
        cpu = meter.start()
        reg = self.drive([["POST", f"/api/events/{EVENT_SLUG}/registrations", body] for body in people])
        rows.append(summarise("registrations", reg) | {"cpu": meter.stop(cpu, len(people))})
        print(phase_line(rows[-1]), flush=True)
        statuses = [(status, body) for status, _, body in reg["results"]]
        client_confirmed = [
            body["code"] for status, body in statuses if status == 201 and body.get("status") == "confirmed"
        ]
        client_waitlisted = [
            body["code"] for status, body in statuses if status == 201 and body.get("status") == "waitlisted"
        ]
        failures = [(status, body) for status, body in statuses if status != 201]
        check(
            "every registration answered 201",
            not failures,
            f"{len(failures)} failed, first: {failures[0] if failures else ''}",
        )

        # The floor runs just before and just after our check-ins (ours idles meanwhile); the ratio
        # is against the mean of the two, so that a machine that slows down or speeds up during the
        # run moves both sides alike.
        tickets = min(capacity, args.registrations)
        floors = [self.floor(tickets)] if args.floor else []

        # (b) first check-ins of every confirmed ticket, in door order (not registration order)
        first_order = client_confirmed[:]
        rng.shuffle(first_order)
        cpu = meter.start()
        first = self.drive(
            [["POST", "/api/checkin", {"code": code, "event": EVENT_SLUG, "device": "bench"}] for code in first_order],
            headers=auth,
        )
        rows.append(summarise("first_checkins", first) | {"cpu": meter.stop(cpu, len(first_order))})
        print(phase_line(rows[-1]), flush=True)
        bad = [
            (status, body)
            for status, _, body in first["results"]
            if (status, (body or {}).get("result")) != (200, "ok")
        ]
        check("every first scan answered 200 ok", not bad, f"{len(bad)} not ok, first: {bad[:1]}")

        # (c) repeat scans of the same tickets, in another order
        repeat_order = client_confirmed[:]
        rng.shuffle(repeat_order)
        cpu = meter.start()
        repeat = self.drive(
            [["POST", "/api/checkin", {"code": code, "event": EVENT_SLUG, "device": "bench"}] for code in repeat_order],
            headers=auth,
        )
        rows.append(summarise("repeat_scans", repeat) | {"cpu": meter.stop(cpu, len(repeat_order))})
        print(phase_line(rows[-1]), flush=True)
        bad = [
            (status, body)
            for status, _, body in repeat["results"]
            if (status, (body or {}).get("result")) != (200, "already")
        ]
        check("every repeat scan answered 200 already", not bad, f"{len(bad)} not already, first: {bad[:1]}")

        door = self.door_phases(setup["door_codes"], auth, check) if args.door_people else {}

        # Exactness, from the database.
        facts = json.loads(self.run_django(__file__, "_verify", what="verification"))
        confirmed_n = facts["by_status"].get("confirmed", 0)
        waitlisted_n = facts["by_status"].get("waitlisted", 0)
        expected_confirmed = min(capacity, args.registrations)
        n_first, n_repeat = len(first_order), len(repeat_order)
        check(
            "registrations in the database == R",
            facts["registrations"] == args.registrations,
            f"{facts['registrations']} vs {args.registrations}",
        )
        check(
            "one registration per distinct phone",
            facts["distinct_phones"] == facts["registrations"],
            f"{facts['distinct_phones']} phones",
        )
        check("confirmed <= capacity", confirmed_n <= capacity, f"{confirmed_n} confirmed, capacity {capacity}")
        check(
            "confirmed == min(capacity, R) (no place left unused)",
            confirmed_n == expected_confirmed,
            f"{confirmed_n} vs {expected_confirmed}",
        )
        check(
            "the rest waitlisted (confirmed + waitlisted == R)",
            waitlisted_n == args.registrations - expected_confirmed
            and confirmed_n + waitlisted_n == facts["registrations"],
            f"{waitlisted_n} waitlisted, statuses {facts['by_status']}",
        )
        check(
            "API statuses match the database (confirmed and waitlisted codes)",
            sorted(client_confirmed) == facts["confirmed_codes"]
            and sorted(client_waitlisted) == facts["waitlisted_codes"],
            f"API {len(client_confirmed)}/{len(client_waitlisted)}, DB {confirmed_n}/{waitlisted_n}",
        )
        if facts["confirmed_last_created"] and facts["waitlisted_first_created"]:
            check(
                "first come, first served (every confirmed registered before every waitlisted)",
                facts["confirmed_last_created"] < facts["waitlisted_first_created"],
                f"last confirmed {facts['confirmed_last_created']}, "
                f"first waitlisted {facts['waitlisted_first_created']}",
            )
        check(
            "exactly one active CheckIn per confirmed ticket",
            facts["confirmed_with_exactly_one_active_checkin"] == confirmed_n
            and facts["confirmed_with_more_than_one_active_checkin"] == 0,
            f"{facts['confirmed_with_exactly_one_active_checkin']} of {confirmed_n} with one, "
            f"{facts['confirmed_with_more_than_one_active_checkin']} with more",
        )
        check(
            "no active CheckIn for a waitlisted ticket",
            facts["active_checkins_on_unconfirmed"] == 0,
            str(facts["active_checkins_on_unconfirmed"]),
        )
        check(
            "CheckIn rows == first check-ins", facts["checkin_rows"] == n_first, f"{facts['checkin_rows']} vs {n_first}"
        )
        check(
            "ScanLog rows == first + repeat scans",
            facts["scanlog_rows"] == n_first + n_repeat,
            f"{facts['scanlog_rows']} vs {n_first + n_repeat}",
        )
        check(
            "ScanLog results: ok == first, already == repeat",
            facts["scanlog_by_result"] == {"ok": n_first, "already": n_repeat}
            or (n_first == 0 and n_repeat == 0 and not facts["scanlog_by_result"]),
            str(facts["scanlog_by_result"]),
        )
        check(
            "every ScanLog row names its registration",
            facts["scanlog_without_registration"] == 0,
            str(facts["scanlog_without_registration"]),
        )

        check(
            "every offline scan recorded once: one CheckIn and one offline ScanLog row per ticket",
            not door or (facts["door_checkins"] == facts["door_offline_scans"] == args.door_people),
            f"{facts['door_checkins']} check-ins, {facts['door_offline_scans']} offline scans, "
            f"{args.door_people} people",
        )

        server_alive = self.gunicorn is not None and self.gunicorn.poll() is None
        check("gunicorn still running", server_alive, "")
        # The floor runs its own gunicorn on the same PostgreSQL: ours must not compete with it.
        self.stop_gunicorn()
        if args.floor:
            floors.append(self.floor(tickets))
        floor = _mean_floor(floors)

        # Report.
        print()
        print("=" * len(TABLE_HEADER))
        print(
            "RESULTS (latency = client-observed, includes queueing behind busy workers and a fresh TCP "
            "connect per request: gunicorn sync workers close every connection)"
        )
        print(TABLE_HEADER)
        for row in rows:
            print(phase_line(row))
        if any(row["cpu"] for row in rows):
            print()
            print(
                "CPU per request (ms of CPU time; the machine has "
                f"{os.cpu_count()} CPUs, shared by server, database and load driver)"
            )
            print(
                f"{'phase':<16} {'gunicorn':>9} {'postgres':>9} {'driver':>9} {'machine busy':>13} {'other procs':>12}"
            )
            for row in rows:
                c = row["cpu"]
                if c:
                    print(
                        f"{PHASE_TITLES[row['phase']]:<16} {c['gunicorn_cpu_ms_per_request']:>9.2f} "
                        f"{c['postgres_cpu_ms_per_request']:>9.2f} {c['driver_cpu_ms_per_request']:>9.2f} "
                        f"{c['machine_busy_pct']:>12.0f}% {c['other_processes_pct']:>11.0f}%"
                    )
        if floor:
            print()
            print(
                f"FLOOR (bare_checkin.sh: one lock, one update, one insert; {args.workers} workers, "
                f"{args.clients} clients, same PostgreSQL and machine)"
            )
            for key, label in (("first_checkins", "first"), ("repeat_scans", "repeat")):
                ours = next(r for r in rows if r["phase"] == key)
                bare = floor.get(label)
                if bare:
                    runs = " and ".join(f"{rps:.0f}" for rps in bare["runs"])
                    print(
                        f"  {PHASE_TITLES[key]:<16} ours {ours['rps']:>7.1f}/s  floor {bare['rps']:>7.1f}/s  "
                        f"ratio {ours['rps'] / bare['rps']:>6.1%}  (floor before and after: {runs}/s)"
                    )
        if door:
            print()
            print(f"DOOR OFFLINE ({args.door_people} people)")
            print(f"  batch of {args.door_people} queued scans, first sync   {door['batch_s'] * 1000:>8.1f} ms")
            print(f"  the same batch again (all duplicates)    {door['batch_again_s'] * 1000:>8.1f} ms")
            print(
                f"  roster of {args.door_people} people: {door['roster_bytes']} bytes, "
                f"median {door['roster_ms']:.1f} ms, max {door['roster_max_ms']:.1f} ms ({door['roster_n']} GETs)"
            )
        print()
        print("TARGETS")
        if floor and floor.get("first"):
            ratio = next(r for r in rows if r["phase"] == "first_checkins")["rps"] / floor["first"]["rps"]
            verdict = "MET" if ratio >= FLOOR_RATIO_TARGET else "MISSED"
            print(f"  {verdict:<12}  {'first check-ins':<16} want {'>= 60% of the floor':<28} got {ratio:.1%}")
        if door:
            verdict = "MET" if door["batch_s"] <= BATCH_SECONDS_TARGET else "MISSED"
            print(
                f"  {verdict:<12}  {'offline batch':<16} want {'300 scans in < 1 s':<28} "
                f"got {door['batch_s'] * 1000:.0f} ms"
            )
            met = door["roster_ms"] <= ROSTER_MS_TARGET and door["roster_bytes"] <= ROSTER_BYTES_TARGET
            print(
                f"  {'MET' if met else 'MISSED':<12}  {'roster':<16} want {'< 100 ms, < 100 kB':<28} "
                f"got {door['roster_ms']:.1f} ms, {door['roster_bytes'] / 1000:.1f} kB"
            )
        for key, (min_rps, max_p99) in TARGETS.items():
            row = next(r for r in rows if r["phase"] == key)
            met = row["rps"] >= min_rps and (max_p99 is None or row["p99_ms"] <= max_p99)
            want = f">= {min_rps:.0f}/s" + (f" with p99 <= {max_p99:.0f} ms" if max_p99 else "")
            got = f"{row['rps']:.1f}/s" + (f", p99 {row['p99_ms']:.1f} ms" if max_p99 else "")
            if row["non_2xx"]:
                # Refusals are fast: a rate of errors says nothing about the endpoint's capacity.
                verdict, got = "NOT MEASURED", f"{row['non_2xx']} of {row['requests']} answers were not 2xx"
            else:
                verdict = "MET" if met else "MISSED"
            print(f"  {verdict:<12}  {PHASE_TITLES[key]:<16} want {want:<28} got {got}")
        print()
        print("CORRECTNESS")
        for name, ok, detail in checks:
            print(f"  {'PASS' if ok else 'FAIL'}  {name}" + (f"  [{detail}]" if detail and not ok else ""))
        failed = [name for name, ok, _ in checks if not ok]
        print()
        print(
            f"{'ALL CORRECTNESS CHECKS PASSED' if not failed else f'{len(failed)} CORRECTNESS CHECK(S) FAILED'}"
            f" — total {time.monotonic() - t0:.1f} s"
        )
        if args.json_out:
            Path(args.json_out).write_text(
                json.dumps(
                    {
                        "floor": floor,
                        "door": door,
                        "rows": rows,
                        "checks": checks,
                        "facts_summary": {k: v for k, v in facts.items() if not k.endswith("_codes")},
                    },
                    indent=2,
                )
            )
        if failed and not server_alive:
            print(self.tail_log())
        return 1 if failed else 0

    # --- the door offline: a batch of queued scans and the roster --------------------------------

    def request(self, method: str, path: str, body, headers: dict) -> tuple[int, bytes, float]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        started = time.perf_counter()
        try:
            data = None if body is None else json.dumps(body).encode()
            conn.request(method, path, body=data, headers={"Content-Type": "application/json", **headers})
            response = conn.getresponse()
            payload = response.read()
        finally:
            conn.close()
        return response.status, payload, time.perf_counter() - started

    def door_phases(self, codes: list[str], auth: dict, check) -> dict:
        """Sync a batch of scans queued offline (once, then again: all duplicates), then time the roster."""
        now = time.time()
        batch = [
            {
                "ref": f"bench-{secrets.token_hex(8)}",
                "code": code,
                "event": DOOR_SLUG,
                "scanned_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now - 600 + n)),
                "device": f"door-{n % 3}",
                "manual": False,
            }
            for n, code in enumerate(codes)
        ]
        status, payload, batch_s = self.request("POST", "/api/checkin/batch", batch, auth)
        answers = json.loads(payload) if status == 200 else []
        check(
            "an offline batch: 200 and every item ok",
            status == 200 and [a["result"] for a in answers] == ["ok"] * len(codes),
            f"{status} {payload[:200]!r}",
        )
        status, payload, batch_again_s = self.request("POST", "/api/checkin/batch", batch, auth)
        again = json.loads(payload) if status == 200 else []
        check(
            "the same batch again: every item ok and duplicate",
            status == 200 and all(a["result"] == "ok" and a["duplicate"] for a in again) and len(again) == len(codes),
            f"{status} {payload[:200]!r}",
        )
        timings, size, roster = [], 0, {}
        for _ in range(20):
            status, payload, seconds = self.request("GET", f"/api/events/{DOOR_SLUG}/roster", None, auth)
            timings.append(seconds * 1000)
            size, roster = len(payload), json.loads(payload) if status == 200 else {}
        text = payload.decode()
        check(
            "the roster lists everyone as checked in, and no ticket code",
            len(roster.get("people", [])) == len(codes)
            and all(p["checked_in_at"] for p in roster["people"])
            and not any(code in text for code in codes),
            f"{len(roster.get('people', []))} people",
        )
        timings.sort()
        return {
            "batch_s": batch_s,
            "batch_again_s": batch_again_s,
            "roster_bytes": size,
            "roster_ms": percentile(timings, 0.5),
            "roster_max_ms": timings[-1],
            "roster_n": len(timings),
        }

    # --- the floor --------------------------------------------------------------------------------

    def floor(self, tickets: int) -> dict | None:
        """Run ../shared/bench/bare_checkin.sh with our workers, clients and number of tickets."""
        script = Path(self.args.floor_script)
        if not script.exists():
            print(f"warning: no floor script at {script}; the ratio is not printed", file=sys.stderr)
            return None
        server = self.db_url._replace(path="").geturl()
        proc = subprocess.run(
            ["bash", str(script), sys.executable, str(self.args.workers), str(self.args.clients), str(tickets)],
            env={**os.environ, "DATABASE_URL": server},
            capture_output=True,
            text=True,
            timeout=600,
        )
        if proc.returncode != 0:
            print(f"warning: the floor failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}", file=sys.stderr)
            return None
        found = {}
        for line in proc.stdout.splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if "first" in row.get("label", ""):
                found["first"] = row
            elif "repeat" in row.get("label", ""):
                found["repeat"] = row
        return found

    def cleanup(self) -> None:
        try:
            self.stop_gunicorn()
        finally:
            if self.db_created and not self.args.keep:
                try:
                    self.drop_database()
                except Exception as exc:  # noqa: BLE001 - report, never hide the run's own result
                    print(f"warning: could not drop database {self.db_name}: {exc}", file=sys.stderr)
            elif self.args.keep:
                print(
                    f"kept database {self.db_name} (drop it with: dropdb -h {self.db_url.hostname} "
                    f"-U {self.db_url.username or 'postgres'} {self.db_name})"
                )
            if self.args.keep:
                print(f"gunicorn log: {self.gunicorn_log}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/basqaru_bench",
        help="the bench database (created fresh and dropped; its name must contain 'bench')",
    )
    parser.add_argument(
        "--admin-database",
        default="postgres",
        help="the database to connect to for CREATE/DROP DATABASE (default: postgres)",
    )
    parser.add_argument("--registrations", "-R", type=int, default=2000, help="distinct people registering")
    parser.add_argument("--capacity", type=int, default=None, help="event capacity (default: R - 200)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=64,
        help="warm-up registrations and scans on a separate event (default 64; 0 for none)",
    )
    parser.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE for the server (default 60)")
    parser.add_argument("--redis-url", default="", help="use Redis (Celery broker, cache) instead of in-process")
    parser.add_argument("--port", type=int, default=0, help="port for gunicorn (default: a free one)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the scan order")
    parser.add_argument("--json-out", default="", help="also write the figures and checks as JSON to this file")
    parser.add_argument("--keep", action="store_true", help="keep the database (and print the gunicorn log path)")
    parser.add_argument(
        "--door-people", type=int, default=300, help="people at the door event: the offline batch and roster (300)"
    )
    parser.add_argument("--no-floor", dest="floor", action="store_false", help="skip the bare floor and its ratio")
    parser.add_argument(
        "--floor-script", default=str(FLOOR_SCRIPT), help="the floor's script (default ../shared/bench/bare_checkin.sh)"
    )
    args = parser.parse_args(argv)
    if args.registrations < 1 or args.clients < 1 or args.workers < 1:
        parser.error("--registrations, --clients and --workers must be positive")
    if args.capacity is not None and args.capacity < 0:
        parser.error("--capacity cannot be negative")
    return args


def main(argv: list[str]) -> int:
    if argv and argv[0] == "_drive":
        mode_drive()
        return 0
    if argv and argv[0] == "_setup":
        mode_setup(int(argv[1]), int(argv[2]))
        return 0
    if argv and argv[0] == "_verify":
        mode_verify()
        return 0
    args = parse_args(argv)
    try:
        bench = Bench(args)
    except BenchError as exc:
        print(f"bench error: {exc}", file=sys.stderr)
        return 2
    try:
        return bench.run()
    except BenchError as exc:
        print(f"\nbench error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        bench.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
