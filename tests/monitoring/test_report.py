import io
import time

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.errors import DomainError
from core.models import Job, JobStatus
from media_log import services as media
from monitoring.report import start_grant_report
from tests.media_log.factories import jpeg
from tests.pdf_tools import pdf_text

from .conftest import past_event

pytestmark = pytest.mark.django_db


def _run(plan, organiser, capture, **kwargs) -> Job:
    with capture(execute=True):
        job = start_grant_report(plan=plan, by=organiser, **kwargs)
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.DONE, "")
    return job


def test_report_pdf_in_kazakh_has_both_blocks_and_photo_grid(plan, organiser, django_capture_on_commit_callbacks):
    session = past_event(title_kk="Жастар сессиясы №1")
    media.add_photos(event=session, files=[jpeg(f"p{i}.jpg") for i in range(5)], by=organiser)
    media.add_evidence(
        kind="press", event=session, title="Adyrna мақаласы", url="https://adyrna.kz/a/1", outlet="Adyrna", by=organiser
    )

    job = _run(plan, organiser, django_capture_on_commit_callbacks, file_format="pdf", language="kk")

    content = job.result.read()
    text = pdf_text(content)
    assert job.result.name.endswith("-kk.pdf")
    assert "Мониторинг есебі" in text
    assert "III блок. Мониторинг жоспары" in text and "IV блок. Әлеуметтік әсер" in text
    assert "Тікелей пайда алушылар" in text
    assert "1 / 1 іс-шара (≥ 4)" in text  # 1.2.g: five photos at the one session held
    assert "Фотоесеп" in text
    assert "https://adyrna.kz/a/1" in text
    assert "Жастар сессиясы №1" in text
    reader = PdfReader(io.BytesIO(content))
    images = sum(len(page.images) for page in reader.pages)
    assert images == 5
    assert b"DejaVuSans" in content and b"Helvetica" not in content


def test_report_pdf_in_russian(plan, organiser, django_capture_on_commit_callbacks):
    job = _run(plan, organiser, django_capture_on_commit_callbacks, file_format="pdf", language="ru")

    text = pdf_text(job.result.read())
    assert "Прямые благополучатели" in text
    assert "Блок IV. Социальный эффект" in text and "Отстаёт" in text
    assert "Тікелей пайда алушылар" not in text


def test_report_xlsx_lists_every_indicator(plan, organiser, django_capture_on_commit_callbacks):
    job = _run(plan, organiser, django_capture_on_commit_callbacks, file_format="xlsx", language="kk")

    sheet = load_workbook(io.BytesIO(job.result.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 92
    assert rows[-6][0:2] == ("IV.1", "Тікелей пайда алушылар")
    assert rows[0][:7] == ("Код", "Көрсеткіш", "Өлшем бірлігі", "Жоспар", "Нақты", "%", "Мәртебесі")
    assert rows[-6][2:7] == ("адам", "1\u202f400", "0", 0, "Артта қалуда")
    assert next(r for r in rows if r[0] == "1.2.g")[3:5] == ("≥ 4", "0 / 0 іс-шара (≥ 4)")
    codes = [r[0] for r in rows[1:]]
    assert codes[:3] == ["1.1.a", "1.1.b", "1.1.c"]
    assert codes[-1] == "IV.6"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"file_format": "docx", "language": "kk"}, "bad_format"),
        ({"file_format": "pdf", "language": "en"}, "bad_language"),
    ],
)
def test_report_refuses_bad_format_or_language(plan, organiser, kwargs, code):
    with pytest.raises(DomainError) as error:
        start_grant_report(plan=plan, by=organiser, **kwargs)

    assert error.value.code == code
    assert Job.objects.count() == 0


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True)
def test_report_job_runs_on_a_real_worker(live_worker, organiser):
    from monitoring.services import load_grant_plan

    plan = load_grant_plan().plan
    job = start_grant_report(plan=plan, file_format="xlsx", language="kk", by=organiser)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (JobStatus.DONE, JobStatus.FAILED):
            break
        time.sleep(0.2)

    assert (job.status, job.error) == (JobStatus.DONE, "")
    assert len(list(load_workbook(io.BytesIO(job.result.read())).active.iter_rows())) == 92
