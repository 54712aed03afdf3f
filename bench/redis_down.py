"""Registration with an email while Redis (cache and broker) is down, against the same with Redis up.

    .venv/bin/python bench/redis_down.py [--registrations 200] [--hung 10] [--keep]

What it does (see bench/README.md):
  1. migrates a fresh SQLite database in a temporary folder, creates a published event, and
     starts a redis-server of its own on a free port of 127.0.0.1 (no persistence);
  2. times R registrations with an email through the app (Django's test client, production
     settings, each from its own client address so the rate limit counts but never refuses), in
     three phases, each in a fresh process whose REDIS_URL points at that server:
       - up:    Redis running (the reference);
       - down:  the server stopped, nothing listens on its port (connections are refused);
       - hung:  REDIS_URL pointing at a TCP server that accepts and never answers (few requests);
  3. starts the redis-server again on the same port, runs the outbox relay as a worker does when
     it starts, and checks: every registration saved, every email task of the down phase kept
     unsent during the outage and published once afterwards, and the broker's queue holding
     exactly one message per registration;
  4. prints median / p95 / max per phase, the ratio down / up, and the target (≤ 300 ms with Redis down).

Exit status: 0 when every check passes (a missed latency target only prints MISSED), 1 when a check
fails, 2 when the bench could not run. `_setup`, `_register` and `_verify` are internal modes run in
subprocesses with the bench's environment.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import redis

PROJECT = Path(__file__).resolve().parent.parent
EVENT_SLUG = "bench-redis-down"
TARGET_MS = 300.0


# --- Internal modes: Django, in a subprocess whose environment is the bench's -----------------


def _django() -> None:
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def mode_setup() -> None:
    _django()
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from events.models import Event, EventKind, EventStatus

    call_command("migrate", verbosity=0)
    start = timezone.now() + timedelta(days=30)
    Event.objects.create(
        slug=EVENT_SLUG,
        title_kk="Бенчмарк: Redis жоқ кезде тіркеу",
        kind=EventKind.CONFERENCE,
        start_at=start,
        end_at=start + timedelta(hours=4),
        status=EventStatus.PUBLISHED,
        capacity=None,
    )


def mode_register(phase: str, first: int, count: int, warmup: int) -> None:
    """Register people first … first+count-1 (after `warmup` untimed ones); print JSON."""
    _django()
    from django.test import Client

    client = Client()
    url = f"/api/events/{EVENT_SLUG}/registrations"
    results = []
    for n in range(first, first + warmup + count):
        body = {
            "full_name": f"Қатысушы {phase} {n}",
            "phone": f"+7701{n:07d}",
            "email": f"person{n}@example.kz",
            "consent": True,
        }
        started = time.perf_counter()
        response = client.post(
            url,
            json.dumps(body),
            content_type="application/json",
            REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
        )
        seconds = time.perf_counter() - started
        if n >= first + warmup:
            results.append([response.status_code, seconds])
    print(json.dumps(results))


def mode_verify() -> None:
    """Relay the outbox (as a worker does on start), then print what the database holds."""
    _django()
    from core import outbox
    from core.models import OutboxMessage
    from registration.models import Registration

    unsent = OutboxMessage.objects.filter(sent_at__isnull=True)
    unsent_before, kept_for = unsent.count(), sorted(args[0] for args in unsent.values_list("args", flat=True))
    relayed = outbox.relay(everything=True)
    registrations = Registration.objects.filter(event__slug=EVENT_SLUG)
    print(
        json.dumps(
            {
                "unsent_before": unsent_before,
                "kept_for": kept_for,
                "relayed": relayed,
                "unsent_after": OutboxMessage.objects.filter(sent_at__isnull=True).count(),
                "messages": OutboxMessage.objects.count(),
                "registration_ids": sorted(registrations.values_list("pk", flat=True)),
                "with_email": registrations.exclude(email="").count(),
            }
        )
    )


# --- The orchestrator -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def queued(self) -> list[dict]:
        """Every message waiting in Celery's default queue (no worker runs during the bench)."""
        return [json.loads(raw) for raw in self.client().lrange("celery", 0, -1)]


class BlackHole:
    """A TCP server that accepts and never answers: a hung Redis."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(256)
        self.port = self.server.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                self.held.append(self.server.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        self.server.close()
        for conn in self.held:
            conn.close()


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.workdir = Path(tempfile.mkdtemp(prefix="bench-redis-down-"))
        self.redis = RedisServer(self.workdir)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "SQLITE_PATH": str(self.workdir / "bench.sqlite3"),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.workdir / "private"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "ERROR",
        }
        self.env.pop("DATABASE_URL", None)

    def run_mode(self, *mode_args: str, redis_url: str = "") -> str:
        env = {**self.env, "REDIS_URL": redis_url}
        proc = subprocess.run(
            [sys.executable, __file__, *mode_args], env=env, cwd=PROJECT, capture_output=True, text=True, timeout=900
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(mode_args)} failed:\n{proc.stderr[-3000:]}")
        return proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""

    def phase(self, name: str, first: int, count: int, redis_url: str, warmup: int) -> list[list]:
        out = self.run_mode("_register", name, str(first), str(count), str(warmup), redis_url=redis_url)
        return json.loads(out)

    def run(self) -> int:
        r, hung, warmup = self.args.registrations, self.args.hung, self.args.warmup
        self.warmups = 2 * warmup + (1 if hung else 0)
        self.run_mode("_setup")
        self.redis.start()
        phases = {"up": self.phase("up", 1, r, self.redis.url, warmup)}
        up_queue = len(self.redis.queued())
        self.redis.stop()
        phases["down"] = self.phase("down", 1 + (warmup + r), r, self.redis.url, warmup)
        if hung:
            hole = BlackHole()
            try:
                phases["hung"] = self.phase("hung", 1 + 2 * (warmup + r), hung, f"redis://127.0.0.1:{hole.port}/0", 1)
            finally:
                hole.close()
        self.redis.start()
        facts = json.loads(self.run_mode("_verify", redis_url=self.redis.url))
        queued = self.redis.queued()
        self.redis.stop()
        return self.report(phases, facts, queued, up_queue)

    def report(self, phases: dict, facts: dict, queued: list[dict], up_queue: int) -> int:
        print(f"\nRegistrations with an email, one process, Django test client, SQLite (Redis: {self.redis.url})")
        print(f"{'phase':<22}{'requests':>9}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'non-2xx':>9}")
        stats = {}
        titles = {"up": "Redis up (reference)", "down": "Redis down (refused)", "hung": "Redis hung (no reply)"}
        for name, results in phases.items():
            if not results:
                continue
            ms = sorted(seconds * 1000 for _, seconds in results)
            p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
            stats[name] = (statistics.median(ms), p95, ms[-1])
            bad = sum(1 for status, _ in results if status != 201)
            print(f"{titles[name]:<22}{len(ms):>9}{stats[name][0]:>11.1f}{p95:>9.1f}{ms[-1]:>9.1f}{bad:>9}")
        down, up = stats["down"], stats["up"]
        print(f"\nratio down / up: median {down[0] / up[0]:.2f}×, p95 {down[1] / up[1]:.2f}×")
        met = down[1] <= TARGET_MS
        print(f"TARGET  {'MET' if met else 'MISSED'}  a registration answers within {TARGET_MS:.0f} ms with Redis down")
        print(f"        (p95 {down[1]:.1f} ms, max {down[2]:.1f} ms)")

        published = [json.loads(base64.b64decode(m["body"]))[0] for m in queued]
        per_registration = {}
        for registration_id, _reason in published:
            per_registration[registration_id] = per_registration.get(registration_id, 0) + 1
        checks = [
            (
                "every answer was 201",
                all(status == 201 for results in phases.values() for status, _ in results),
            ),
            (
                "every registration was saved, each with an email",
                facts["with_email"] == len(facts["registration_ids"]) == sum(map(len, phases.values())) + self.warmups,
            ),
            (
                f"while Redis was down, its emails waited in the outbox ({facts['unsent_before']} unsent)",
                facts["unsent_before"] > 0,
            ),
            (
                f"once Redis was back, the relay sent them ({facts['relayed']}), none left unsent",
                facts["relayed"] == facts["unsent_before"] and facts["unsent_after"] == 0,
            ),
            (
                # The restarted redis-server (no persistence) lost what the up phase had queued.
                f"the restarted broker holds each kept email task once ({len(queued)} messages)",
                sorted(per_registration) == facts["kept_for"] and set(per_registration.values()) == {1},
            ),
            (
                f"with Redis up every email was published at once ({up_queue} queued during that phase)",
                up_queue == self.args.registrations + self.args.warmup,
            ),
        ]
        print("\nCHECKS")
        for text, ok in checks:
            print(f"  {'ok    ' if ok else 'FAILED'}  {text}")
        return 0 if all(ok for _, ok in checks) else 1

    def close(self) -> None:
        self.redis.stop()
        if self.args.keep:
            print(f"kept {self.workdir}")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv and argv[0] == "_setup":
        mode_setup()
        return 0
    if argv and argv[0] == "_register":
        mode_register(argv[1], int(argv[2]), int(argv[3]), int(argv[4]))
        return 0
    if argv and argv[0] == "_verify":
        mode_verify()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=200, help="timed registrations per phase (200)")
    parser.add_argument("--hung", type=int, default=10, help="timed registrations against a hung Redis (10; 0 skips)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed registrations before each phase (5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if shutil.which("redis-server") is None:
        print("needs redis-server", file=sys.stderr)
        return 2
    bench = Bench(args)
    try:
        return bench.run()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        print(f"the bench could not run: {exc}", file=sys.stderr)
        return 2
    finally:
        bench.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
