"""The grantor's report prints whatever the evidence links hold: quotes and angle brackets in a
URL are escaped for reportlab's markup, inside the link's attribute as well as its text."""

import pytest

from core.models import JobStatus
from media_log import services as media
from monitoring.report import start_grant_report
from tests.pdf_tools import pdf_text

from .conftest import past_event

pytestmark = pytest.mark.django_db

HOSTILE_URL = "https://example.kz/a\"b'c<d>&e"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_report_pdf_prints_an_evidence_link_with_quotes_and_brackets(
    plan, organiser, django_capture_on_commit_callbacks, language
):
    item = media.add_evidence(
        kind="press",
        event=past_event(),
        title="Мақала \"Адырна\" & 'Ult' <b>",
        url=HOSTILE_URL,
        outlet="Adyrna",
        by=organiser,
    )
    assert item.url == HOSTILE_URL

    with django_capture_on_commit_callbacks(execute=True):
        job = start_grant_report(plan=plan, by=organiser, file_format="pdf", language=language)

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.DONE, "")
    content = job.result.read()
    text = pdf_text(content)
    assert HOSTILE_URL in text
    assert "Мақала \"Адырна\" & 'Ult' <b>" in text
    # The link itself keeps the address as given.
    assert b"/URI (https://example.kz/a\"b'c<d>&e)" in content
