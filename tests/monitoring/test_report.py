import io
import logging
import os
import time

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.errors import DomainError
from core.models import Job, JobStatus
from media_log import services as media
from monitoring.report import report_data, start_grant_report
from tests.media_log.factories import jpeg
from tests.pdf_tools import pdf_text

from .conftest import attend, past_event

pytestmark = pytest.mark.django_db


def _run(plan, organiser, capture, **kwargs) -> Job:
    with capture(execute=True):
        job = start_grant_report(plan=plan, by=organiser, **kwargs)
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.DONE, "")
    return job


def _one_session(organiser):
    session = past_event(title_kk="Жастар сессиясы №1", title_ru="Молодёжная сессия №1")
    attend(session, organiser, age=17, district="turan")
    attend(session, organiser, age=24, district="turan", phone="")
    attend(session, organiser, role="volunteer")
    media.add_photos(event=session, files=[jpeg(f"p{i}.jpg") for i in range(5)], by=organiser)
    media.add_evidence(
        kind="press",
        event=session,
        title="Adyrna мақаласы",
        url='https://adyrna.kz/a/1?q="x"&y=1',
        outlet="Adyrna",
        by=organiser,
    )
    return session


def test_report_pdf_in_kazakh_has_the_grantors_titles_breakdowns_and_evidence(
    plan, organiser, django_capture_on_commit_callbacks
):
    _one_session(organiser)

    job = _run(plan, organiser, django_capture_on_commit_callbacks, file_format="pdf", language="kk")

    content = job.result.read()
    text = " ".join(pdf_text(content).split())
    assert job.result.name.endswith("-kk.pdf")
    assert "Мониторинг есебі" in text
    assert "III БЛОК. Әлеуметтік жобаны іске асыру мониторингінің жоспары" in text
    assert "IV БЛОК. Жобаның әлеуметтік әсері" in text
    assert "Тікелей бенефициарлар саны" in text
    assert "Тікелей бенефициарлар жасы бойынша" in text and "Тұран ауданы" in text
    assert "0 / 10 іс-шара (≥ 4/1; өткені: 1)" in text  # 1.2.g: one session held, 5 photos but no video
    assert "Фото/видеоесеп" in text
    assert 'https://adyrna.kz/a/1?q="x"&y=1' in text
    assert "Жастар сессиясы №1" in text
    reader = PdfReader(io.BytesIO(content))
    assert sum(len(page.images) for page in reader.pages) == 5
    assert b"DejaVuSans" in content and b"Helvetica" not in content


def test_report_pdf_in_russian(plan, organiser, django_capture_on_commit_callbacks):
    job = _run(plan, organiser, django_capture_on_commit_callbacks, file_format="pdf", language="ru")

    text = " ".join(pdf_text(job.result.read()).split())
    assert "Количество прямых бенефициаров" in text
    assert "БЛОК IV. Социальный эффект проекта" in text and "Отстаёт" in text
    assert "Тікелей бенефициарлар саны" not in text


def test_report_xlsx_lists_every_indicator_with_how_it_is_counted(plan, organiser, django_capture_on_commit_callbacks):
    _one_session(organiser)

    job = _run(plan, organiser, django_capture_on_commit_callbacks, file_format="xlsx", language="kk")

    sheet = load_workbook(io.BytesIO(job.result.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:9] == (
        "Код",
        "Көрсеткіш",
        "Өлшем бірлігі",
        "Жоспар",
        "Нақты",
        "%",
        "Мәртебесі",
        "Дәлелдерге сілтемелер",
        "Қалай саналды",
    )
    by_code = {row[0]: row for row in rows[1:80]}
    assert len(by_code) == 79
    assert by_code["IV.1"][1:7] == ("Тікелей бенефициарлар саны", "адам", 1400, 2, 0, "Артта қалуда")
    # A pair ("4/1") or a per-event figure stays as the grantor's text.
    assert by_code["1.2.g"][3:5] == ("≥ 4/1", "0 / 10 іс-шара (≥ 4/1; өткені: 1)")
    assert by_code["1.2.h"][7].endswith(f"/monitoring/indicators/{_code_pk(plan, '1.2.h')}/people/")
    assert rows[80] == (None,) * 9 or not any(rows[80])
    assert ("Тікелей бенефициарлар жасы бойынша" in str(rows[81])) is True
    assert "+7701" not in str(rows)


def _code_pk(plan, code):
    return plan.indicators.get(code=code).pk


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
    assert len(list(load_workbook(io.BytesIO(job.result.read())).active.iter_rows())) >= 80


def test_a_photo_gone_from_the_disk_is_left_out_of_the_report_and_logged(plan, organiser, caplog):
    session = past_event(title_kk="Жастар сессиясы №2")
    kept, gone = media.add_photos(event=session, files=[jpeg("kept.jpg"), jpeg("gone.jpg")], by=organiser)
    os.remove(gone.thumbnail.path)

    with caplog.at_level(logging.WARNING, logger="core.uploads"):
        data = report_data(plan, language="kk")

    [section] = data.photos
    assert section.title == "Жастар сессиясы №2"
    assert [photo.path for photo in section.photos] == [kept.thumbnail.path]
    assert [record.getMessage() for record in caplog.records if gone.thumbnail.name in record.getMessage()] == [
        f"File {gone.thumbnail.name} is missing from the disk; left out of the document"
    ]
