"""The kinds of job, registered by the apps that make them; core names none of them.

Each app registers its kinds in its `AppConfig.ready()`: a code (stored on the Job row), a
label, the Celery task run once per part (job_id, index) if the job has parts, the task that
builds the result (job_id), and optionally where the job's document belongs, so the job's page
can link back to it. `core.jobs` looks the tasks up here; it imports no app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_kinds: dict[str, "JobKind"] = {}


@dataclass(frozen=True)
class JobKind:
    code: str
    label: Any  # a lazy translated string
    finish_task: Any  # a Celery task taking (job_id)
    part_task: Any = None  # a Celery task taking (job_id, index), or None for a job in one step
    # (url, text) of the page the job's document belongs to, for the job's page; None for none.
    place: Callable[[Any], tuple[str, str] | None] | None = None


def register(code: str, *, label, finish_task, part_task=None, place=None) -> JobKind:
    """Make `code` a kind of job. Registering the same code again replaces it (autoreload)."""
    if len(code) > 40:
        raise ValueError(f"Job kind code {code!r} is longer than 40 characters")
    kind = JobKind(code=code, label=label, finish_task=finish_task, part_task=part_task, place=place)
    _kinds[code] = kind
    return kind


def get(code: str) -> JobKind:
    """The registered kind; LookupError names the codes known, so a typo or a missing app is clear."""
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"No job kind {code!r} is registered (known: {sorted(_kinds)})") from None


def label(code: str) -> str:
    kind = _kinds.get(code)
    return str(kind.label) if kind else code
