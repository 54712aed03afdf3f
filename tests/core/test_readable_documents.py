"""Documents that read well: Kazakh month names in lower case in every date, spreadsheets that
store numbers as numbers and dates as dates, CSV files a Kazakh or Russian Excel opens in
columns, a participant list whose header fits, and a grantor's report that never breaks a word."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import formats, translation

from core import spreadsheets
from core.models import Job
from documents import participant_list
from inventory import services as inventory
from monitoring import pdf as report_pdf
from registration.models import CheckIn
from registration.tickets import event_when, ticket_pdf
from tests.factories import EventFactory, RegistrationFactory
from tests.inventory.factories import ItemTypeFactory, WarehouseFactory
from tests.pdf_tools import pdf_text
from tests.support import local

pytestmark = pytest.mark.django_db

KAZAKH_MONTHS = "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split()


def sheet_of(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


# --- Kazakh dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 13))
def test_kazakh_month_names_are_lower_case_in_every_date_format(month):
    moment = datetime(2026, month, 8, 15, 0)

    with translation.override("kk"):
        long_date = formats.date_format(moment, "DATE_FORMAT")
        with_time = formats.date_format(moment, "DATETIME_FORMAT")
        month_year = formats.date_format(moment, "YEAR_MONTH_FORMAT")

    name = KAZAKH_MONTHS[month - 1]
    assert long_date == f"8 {name} 2026"
    assert with_time == f"8 {name} 2026, 15:00"
    assert month_year == f"{name} 2026"


def test_the_ticket_page_and_pdf_write_the_month_in_lower_case(client):
    event = EventFactory(start_at=local(2026, 12, 8, 15, 0), end_at=local(2026, 12, 8, 17, 0))
    registration = RegistrationFactory(event=event, language="kk")

    page = client.get(reverse("registration:ticket", args=[registration.code]), HTTP_ACCEPT_LANGUAGE="kk")
    with translation.override("kk"):
        when = event_when(event)
    text = pdf_text(ticket_pdf(registration, "kk"))

    assert when == "8 желтоқсан 2026, 15:00 – 17:00"
    assert "8 желтоқсан 2026" in page.content.decode()
    assert "Желтоқсан" not in page.content.decode()
    assert "желтоқсан" in text and "Желтоқсан" not in text


def test_kazakh_abbreviations_are_right():
    tuesday = datetime(2026, 12, 8)

    with translation.override("kk"):
        assert formats.date_format(tuesday, "D, j N") == "Сс, 8 жел."


# --- Spreadsheets --------------------------------------------------------------------------------


def test_xlsx_stores_numbers_as_numbers_and_dates_as_dates():
    rows = [["1.1.a", "300", "4/1", "007", "", 12, datetime(2030, 3, 1, 9, 5), date(2030, 3, 2), "+77011234567"]]

    sheet = sheet_of(spreadsheets.to_xlsx(list("abcdefghi"), rows, title="t"))

    cells = list(sheet.iter_rows(min_row=2))[0]
    assert [cell.value for cell in cells] == [
        "1.1.a",
        300,
        "4/1",
        "007",
        None,
        12,
        datetime(2030, 3, 1, 9, 5),
        datetime(2030, 3, 2),
        "+77011234567",
    ]
    assert [cell.data_type for cell in cells] == ["s", "n", "s", "s", "n", "n", "d", "d", "s"]
    assert (cells[6].number_format, cells[7].number_format) == ("dd.mm.yyyy hh:mm", "dd.mm.yyyy")


def test_csv_opens_in_columns_in_a_kazakh_or_russian_excel():
    content = spreadsheets.to_csv(
        ["Аты-жөні", "Жасы", "Тіркелген"], [["Әлия; Қасымова", 17, datetime(2030, 3, 1, 9, 5)]]
    )

    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    assert content.decode("utf-8-sig").splitlines() == [
        "Аты-жөні;Жасы;Тіркелген",
        '"Әлия; Қасымова";17;01.03.2030 09:05',
    ]


def test_the_attendee_csv_export_keeps_its_address_and_uses_semicolons(organiser_client):
    event = EventFactory(slug="csv-2030")
    RegistrationFactory(event=event, full_name="Әлия Қасымова", age=17)

    response = organiser_client.get(reverse("registration_manage:export_csv", args=[event.slug]))

    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = response.content.decode("utf-8-sig").splitlines()
    assert header.count(";") == row.count(";") == 9


def test_the_participant_list_xlsx_stores_check_in_times_as_dates(organiser):
    event = EventFactory()
    came = RegistrationFactory(event=event, full_name="Әлия Қасымова")
    RegistrationFactory(event=event, full_name="Бауыржан Оспанов")
    CheckIn.objects.create(registration=came, checked_in_by=organiser)
    CheckIn.objects.filter(registration=came).update(checked_in_at=local(2030, 3, 10, 10, 15))
    job = Job(kind=participant_list.KIND_XLSX, params={"language": "kk"})
    job.subject = event

    _name, content = participant_list.participant_list(job)

    rows = [[cell.value for cell in row] for row in sheet_of(content).iter_rows(min_row=2)]
    assert rows == [
        [1, "Әлия Қасымова", None, "Қатысушы", datetime(2030, 3, 10, 10, 15), None],
        [2, "Бауыржан Оспанов", None, "Қатысушы", None, None],
    ]


def test_the_inventory_report_xlsx_holds_numbers(organiser_client, organiser):
    item = ItemTypeFactory(name_kk="Медаль")
    inventory.receive_stock(item=item, to_holder=WarehouseFactory(), quantity=300, supplier="ЖШС", by=organiser)

    sheet = sheet_of(b"".join(organiser_client.get(reverse("inventory:report_xlsx")).streaming_content))

    row = [cell for cell in list(sheet.iter_rows(min_row=2))[0]]
    assert row[1].value == 300 and row[1].data_type == "n"
    assert all(cell.data_type == "n" for cell in row[1:])


# --- PDFs ----------------------------------------------------------------------------------------


def test_the_participant_list_header_fits_without_cutting_a_caption(organiser):
    event = EventFactory()
    RegistrationFactory(event=event, organisation="Әл-Фараби ауданының жастар ресурстық орталығы")
    job = Job(kind=participant_list.KIND_PDF, params={"language": "kk"})
    job.subject = event

    _name, content = participant_list.participant_list(job)

    text = " ".join(pdf_text(content).split())
    for caption in ("Аты-жөні", "Ұйым", "Рөлі", "Келген уақыты", "Қолтаңба"):
        assert caption in text, caption
    assert "Әл-Фараби ауданының жастар ресурстық орталығы" in text
    assert "…" not in text


def report_line(**extra):
    values = {
        "code": "1.1.b",
        "title": "Әлеуметтік желідегі жарияланым (Instagram, Facebook, TikTok, YouTube)",
        "unit": "жарияланым",
        "target": "4",
        "actual": "3",
        "percent": 75,
        "status": "on_track",
        "status_label": "Жоспар бойынша",
        "group": "1.1 Әлеуметтік зерттеу",
    }
    return report_pdf.Line(**{**values, **extra})


def test_the_grantors_report_never_breaks_a_word_across_lines():
    labels = {
        "title": "Мониторинг есебі",
        "grantee": "Грант алушы",
        "grantor": "Грант беруші",
        "agreement": "Грант шарты",
        "period": "Кезең",
        "as_of": "Жағдай бойынша",
        "block3": "III БЛОК",
        "block4": "IV БЛОК",
        "code": "Код",
        "indicator": "Көрсеткіш",
        "unit": "Өлшем бірлігі",
        "target": "Жоспар",
        "actual": "Нақты",
        "percent": "%",
        "status": "Мәртебесі",
        "page": "%(n)s-бет",
        "evidence": "Дәлелдер",
        "photos": "Фотоесеп",
    }
    data = report_pdf.ReportData(
        plan_name="«Азаматтық BasQaru»",
        grantee="«Басқары» қоғамдық қоры",
        grantor="Орталық",
        agreement="№ 83",
        period="қараша–желтоқсан 2026",
        as_of="1 желтоқсан 2026",
        block3=[
            report_line(),
            report_line(code="1.1.c", unit="қатысушылар", status_label="Орындалмады"),
            report_line(code="1.3.a", unit="мероприятий", status_label="Выполнено"),
        ],
        block4=[report_line(code="IV.1", unit="бенефициарлар")],
        labels=labels,
    )

    lines = [line.strip() for line in pdf_text(report_pdf.render_report(data)).splitlines()]

    for word in ("жарияланым", "қатысушылар", "мероприятий", "бенефициарлар", "Орындалмады", "Мәртебесі"):
        assert any(word in line for line in lines), (word, lines)


def test_a_long_evidence_link_in_the_grantors_report_wraps_inside_the_page():
    """Words stay whole, but a link longer than a line (a Drive or Facebook link with its
    parameters) must wrap, not run off the page and be cut."""
    from reportlab.lib.pagesizes import A4, landscape

    regular, bold = report_pdf.register_fonts()
    link = "https://drive.google.com/drive/folders/" + "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789" * 8 + "?usp=sharing"
    width = landscape(A4)[0] - 100

    paragraph = report_pdf.Paragraph(report_pdf._markup(link), report_pdf._styles(regular, bold)["small"])
    paragraph.wrap(width, 1000)

    assert len(paragraph.blPara.lines) > 1
    # Each line's space left over (a plain-text line is a tuple that starts with it): never negative.
    spare = [line[0] if isinstance(line, tuple) else line.extraSpace for line in paragraph.blPara.lines]
    assert min(spare) >= -0.5, spare
