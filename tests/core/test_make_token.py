"""`make token USER=volunteer [DEVICE=door-1]` works as the README writes it, from a shell that
has no SECRET_KEY (the demo's database, like `make run`), and the README's curl uses the port
that `make run` was given."""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")

needs_make = pytest.mark.skipif(MAKE is None, reason="needs GNU make")


def shell_env(tmp_path, **extra) -> dict:
    """A shell as a person has it: no SECRET_KEY, no DEBUG, the demo's database in tmp_path."""
    env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, "SQLITE_PATH": str(tmp_path / "demo.sqlite3"), **extra}


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**env, "DEBUG": "true"}, capture_output=True, text=True
    )


def make(env, *args):
    # -o: the virtualenv is installed already (as after `make run`); never reinstall it in a test.
    return subprocess.run(
        [MAKE, "--no-print-directory", "-o", ".venv/.installed", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@needs_make
def test_make_token_prints_a_working_token_without_a_secret_key(tmp_path):
    env = shell_env(tmp_path)
    assert manage(env, "migrate", "-v0").returncode == 0
    created = manage(
        env, "shell", "-c", "from django.contrib.auth.models import User; User.objects.create(username='volunteer')"
    )
    assert created.returncode == 0, created.stderr

    result = make(env, "token", "USER=volunteer", "DEVICE=door-1")

    assert result.returncode == 0, result.stderr
    assert "SECRET_KEY" not in result.stderr
    token = result.stdout.strip()
    assert re.fullmatch(r"bq_[A-Za-z0-9_-]{20,}", token), result.stdout
    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:
        assert db.execute("select name from core_apitoken").fetchall() == [("door-1",)]


@needs_make
def test_make_token_without_a_user_says_how_to_call_it(tmp_path):
    result = make(shell_env(tmp_path, USER="someone-logged-in"), "token")

    assert result.returncode != 0
    assert "make token USER=volunteer" in result.stderr


def test_the_readme_gives_the_make_command_and_the_port_of_make_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert "make token USER=volunteer DEVICE=door-1" in readme
    # The command that failed with "Set SECRET_KEY" outside `make run` is no longer what the README runs.
    assert not [line for line in readme.splitlines() if line.startswith(".venv/bin/python manage.py issue_token")]
    calls = [line for line in readme.splitlines() if "http://127.0.0.1:" in line and "/api/" in line]
    assert calls and all("http://127.0.0.1:$PORT/api/" in line for line in calls), calls
