"""Exports (CSV, XLSX) and the all-or-nothing bulk import of attendee lists."""

import io
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core import spreadsheets
from core.errors import DomainError
from events.models import EventStatus
from registration import importing, services
from registration.importing import ImportRow, import_attendees, parse_attendee_file
from registration.models import CheckIn, District, Registration, RegistrationStatus, Role
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
HEADER = [
    "Full name",
    "Phone",
    "Email",
    "Organisation",
    "Age",
    "District",
    "Role",
    "Status",
    "Registered at",
    "Checked in at",
]


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages and messages in English, so the tests can read them whatever the default language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def url(name: str, event) -> str:
    return reverse(f"registration_manage:{name}", args=[event.slug])


def upload(client, event, name: str, content: bytes):
    return client.post(url("import", event), {"file": SimpleUploadedFile(name, content)})


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def imported():
    return list(
        Registration.objects.order_by("pk").values_list(
            "full_name", "phone", "email", "organisation", "age", "district", "role", "status", "source"
        )
    )


def report_of(response) -> list[tuple]:
    return [(r.number, r.full_name, r.status, r.reason, r.registration_status) for r in response.context["report"].rows]


# Export


@pytest.fixture
def attendees(organiser):
    """Two people with every column filled, one of them checked in, at fixed local times."""
    event = EventFactory(slug="budget-2030")
    first = RegistrationFactory(
        event=event,
        full_name="Әлия Қасымова",
        phone="+77011234567",
        email="aliya@example.kz",
        organisation="№12 мектеп",
        age=17,
        district=District.AL_FARABI,
    )
    second = RegistrationFactory(
        event=event,
        full_name='=HYPERLINK("http://x")',
        phone="",
        email="",
        role=Role.PRESS,
        status=RegistrationStatus.WAITLISTED,
    )
    Registration.objects.filter(pk=first.pk).update(created_at=datetime(2030, 3, 1, 9, 5, 30, tzinfo=ALMATY))
    Registration.objects.filter(pk=second.pk).update(created_at=datetime(2030, 3, 2, 18, 40, tzinfo=ALMATY))
    services.check_in(code=first.code, event=event, scanned_by=organiser)
    CheckIn.objects.update(checked_in_at=datetime(2030, 3, 10, 10, 15, 59, tzinfo=ALMATY))
    return event


def test_csv_export_has_bom_header_and_exact_rows(organiser_client, attendees):
    response = organiser_client.get(url("export_csv", attendees))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="attendees-budget-2030.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    # Semicolons and dd.mm.yyyy: a Kazakh or Russian Excel opens it in columns, with dates.
    assert response.content.decode("utf-8-sig").split("\r\n") == [
        ";".join(HEADER),
        "Әлия Қасымова;+77011234567;aliya@example.kz;№12 мектеп;17;Al-Farabi district;Participant;Confirmed;"
        "01.03.2030 09:05;10.03.2030 10:15",
        # A name that a spreadsheet would run as a formula is exported as text.
        '"\'=HYPERLINK(""http://x"")";;;;;;Press;Waitlisted;02.03.2030 18:40;',
        "",
    ]


def test_csv_export_follows_the_list_filters(organiser_client, attendees):
    response = organiser_client.get(url("export_csv", attendees), {"checked": "yes"})

    lines = response.content.decode("utf-8-sig").splitlines()
    assert [line.split(";")[0] for line in lines] == ["Full name", "Әлия Қасымова"]


def test_xlsx_export_has_exact_cells(organiser_client, attendees):
    response = organiser_client.get(url("export_xlsx", attendees))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="attendees-budget-2030.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "budget-2030"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        HEADER,
        [
            "Әлия Қасымова",
            "+77011234567",
            "aliya@example.kz",
            "№12 мектеп",
            17,
            "Al-Farabi district",
            "Participant",
            "Confirmed",
            datetime(2030, 3, 1, 9, 5),
            datetime(2030, 3, 10, 10, 15),
        ],
        [
            '=HYPERLINK("http://x")',
            None,
            None,
            None,
            None,
            None,
            "Press",
            "Waitlisted",
            datetime(2030, 3, 2, 18, 40),
            None,
        ],
    ]
    assert sheet["A3"].data_type == "s"  # Text, not a formula.
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == len('=HYPERLINK("http://x")') + 2
    assert sheet["I2"].number_format == "dd.mm.yyyy hh:mm"


def test_volunteer_cannot_export(volunteer_client, attendees):
    assert volunteer_client.get(url("export_csv", attendees)).status_code == 403
    assert volunteer_client.get(url("export_xlsx", attendees)).status_code == 403


def test_csv_export_keeps_a_foreign_phone_as_it_is(organiser_client):
    event = EventFactory(slug="neighbours")
    RegistrationFactory(event=event, full_name="Дилноза Каримова", phone="+998901234567")
    RegistrationFactory(event=event, full_name="Айбек Осмонов", phone="+996555123456")

    response = organiser_client.get(url("export_csv", event))

    rows = [line.split(";")[:2] for line in response.content.decode("utf-8-sig").splitlines()[1:]]
    assert rows == [["Дилноза Каримова", "+998901234567"], ["Айбек Осмонов", "+996555123456"]]


def test_writers_are_pure():
    rows = [["Ана", None, 7, datetime(2030, 1, 2, 3, 4)]]

    assert spreadsheets.to_csv(["a", "b", "c", "d"], rows) == "\ufeffa;b;c;d\r\nАна;;7;02.01.2030 03:04\r\n".encode()
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheets.to_xlsx(["a", "b", "c", "d"], rows, title="x" * 40))).active
    assert sheet.title == "x" * 31
    assert [c.value for c in sheet[2]] == ["Ана", None, 7, datetime(2030, 1, 2, 3, 4)]


# Import: good files


def test_import_a_semicolon_cp1251_csv(organiser_client, organiser):
    event = EventFactory()
    content = (
        "ФИО;Телефон;Email;Организация;Возраст;Район;Роль\r\n"
        "Иванова Анна;8 (701) 111-22-33;Anna@Mail.kz;Школа №5;16;Абайский район;Участник\r\n"
        "\r\n"
        "Петров Пётр;+7 747 000 11 22;;Школа №5;17;Туран;\r\n"
        "Сидоров Иван;;;;45;;Гость\r\n"
    ).encode("cp1251")

    response = upload(organiser_client, event, "list.csv", content)

    assert response.status_code == 200
    assert imported() == [
        ("Иванова Анна", "+77011112233", "anna@mail.kz", "Школа №5", 16, "abay", "participant", "confirmed", "import"),
        ("Петров Пётр", "+77470001122", "", "Школа №5", 17, "turan", "participant", "confirmed", "import"),
        ("Сидоров Иван", "", "", "", 45, "", "guest", "confirmed", "import"),
    ]
    assert set(Registration.objects.values_list("created_by", "consent_at", "language")) == {(organiser.pk, None, "kk")}
    assert report_of(response) == [
        (2, "Иванова Анна", "ok", "", "confirmed"),
        (4, "Петров Пётр", "ok", "", "confirmed"),
        (5, "Сидоров Иван", "ok", "", "confirmed"),
    ]
    assert [str(m) for m in response.context["messages"]] == ["Imported 3 people: 3 confirmed, 0 on the waitlist."]


def test_import_a_kazakh_xlsx(organiser_client):
    event = EventFactory()
    content = xlsx(
        [
            ["10 «А» сыныбы, №5 мектеп"],  # A title line above the header.
            ["Аты-жөні", "Телефон", "Email", "Ұйым", "Жасы", "Аудан", "Рөлі"],
            ["Айбек Серіков", 87011234567, "aibek@example.kz", "№5 мектеп", 15, "Әл-Фараби ауданы", "Қатысушы"],
            ["Гүлнар Ахметова", "+7 (705) 765-43-21", None, "№5 мектеп", 40.0, "enbekshi", "Speaker"],
        ]
    )

    response = upload(organiser_client, event, "сынып.xlsx", content)

    assert imported() == [
        (
            "Айбек Серіков",
            "+77011234567",
            "aibek@example.kz",
            "№5 мектеп",
            15,
            "al_farabi",
            "participant",
            "confirmed",
            "import",
        ),
        ("Гүлнар Ахметова", "+77057654321", "", "№5 мектеп", 40, "enbekshi", "speaker", "confirmed", "import"),
    ]
    assert [row[0] for row in report_of(response)] == [3, 4]


def test_import_a_utf8_csv_with_bom_english_headers_and_commas(organiser_client):
    event = EventFactory()
    content = "\ufeffFull_Name,PHONE,role,district\nJohn Smith,7011234567,Volunteer,Outside Shymkent\n".encode()

    upload(organiser_client, event, "list.csv", content)

    assert imported() == [("John Smith", "+77011234567", "", "", None, "outside", "volunteer", "confirmed", "import")]


def test_import_phones_of_kazakhstan_and_its_neighbours(organiser_client):
    event = EventFactory()
    content = xlsx(
        [
            ["full_name", "phone", "organisation"],
            ["Дилноза  Каримова", "+998 90 123 45 67", " Тошкент   университети "],
            ["Айбек Осмонов", "+996 (555) 12-34-56", None],
            ["Айгерім Сәрсенова", "8 701 123 45 67", None],
        ]
    )

    upload(organiser_client, event, "list.xlsx", content)

    assert [row[:4] for row in imported()] == [
        ("Дилноза Каримова", "+998901234567", "", "Тошкент университети"),
        ("Айбек Осмонов", "+996555123456", "", ""),
        ("Айгерім Сәрсенова", "+77011234567", "", ""),
    ]


def test_import_beyond_capacity_goes_to_the_waitlist(organiser_client):
    event = EventFactory(capacity=3)
    content = "full_name,phone\n" + "".join(f"Person {n},+7701000000{n}\n" for n in range(1, 6))

    response = upload(organiser_client, event, "list.csv", content.encode())

    assert [(name, status) for name, *_, status, _source in imported()] == [
        ("Person 1", "confirmed"),
        ("Person 2", "confirmed"),
        ("Person 3", "confirmed"),
        ("Person 4", "waitlisted"),
        ("Person 5", "waitlisted"),
    ]
    assert [(row[0], row[4]) for row in report_of(response)] == [
        (2, "confirmed"),
        (3, "confirmed"),
        (4, "confirmed"),
        (5, "waitlisted"),
        (6, "waitlisted"),
    ]
    assert "Waitlisted" in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_into_another_event(organiser_client, settings, language, file_format):
    source, target = EventFactory(), EventFactory()
    RegistrationFactory(
        event=source,
        full_name="Әлия Қасымова",
        phone="+77011234567",
        email="aliya@example.kz",
        organisation="№12 мектеп",
        age=17,
        district=District.AL_FARABI,
    )
    RegistrationFactory(event=source, full_name="Press Person", phone="", role=Role.PRESS, district=District.OUTSIDE)
    organiser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    exported = organiser_client.get(url(f"export_{file_format}", source)).content
    upload(organiser_client, target, f"list.{file_format}", exported)

    def people(event):
        return list(
            Registration.objects.filter(event=event)
            .order_by("pk")
            .values_list("full_name", "phone", "email", "organisation", "age", "district", "role")
        )

    assert people(target) == people(source)


# Import: refused rows


def test_one_bad_phone_refuses_the_whole_file(organiser_client):
    event = EventFactory()
    content = b"full_name;phone\nGood One;87011112233\nBad One;12345\nGood Two;87011112244\n"

    response = upload(organiser_client, event, "list.csv", content)

    assert Registration.objects.count() == 0
    assert report_of(response) == [
        (2, "Good One", "ok", "", ""),
        (
            3,
            "Bad One",
            "refused",
            "Phone “12345”: Enter a mobile number, e.g. +7 701 123 45 67 (other countries "
            "with their code, e.g. +998 …).",
            "",
        ),
        (4, "Good Two", "ok", "", ""),
    ]
    assert response.context["report"].imported is False
    assert "Nothing was imported" in response.content.decode()


def test_every_problem_of_a_row_is_reported():
    event = EventFactory()
    rows = [
        ImportRow(number=7, full_name="", email="not-an-email", age="3", district="Mars", role="king"),
        ImportRow(number=8, full_name="x" * 201, age="old"),
        ImportRow(number=9, full_name="Fine", age="18.5"),
    ]

    report = import_attendees(event=event, rows=rows, by=None)

    assert [(r.number, r.status, r.reason) for r in report.rows] == [
        (
            7,
            "refused",
            "The name is missing.; The email “not-an-email” is not valid.; The age must be between 6 "
            "and 120.; Unknown district “Mars”.; Unknown role “king”.",
        ),
        (8, "refused", "The name is longer than 200 characters.; The age “old” is not a whole number."),
        (9, "refused", "The age “18.5” is not a whole number."),
    ]
    assert Registration.objects.count() == 0


def test_a_name_is_cleaned_as_the_sign_up_form_cleans_it():
    # At least two letters, as registering asks (contacts.normalise_full_name); spaces collapsed.
    event = EventFactory()
    rows = [
        ImportRow(number=2, full_name="  Ә  "),
        ImportRow(number=3, full_name="\u200b "),
        ImportRow(number=4, full_name="  Әлия   Қасымова "),
    ]

    report = import_attendees(event=event, rows=rows, by=None)

    assert [(r.number, r.status, r.reason) for r in report.rows] == [
        (2, "refused", "The name “Ә” is too short: give the full name."),
        (3, "refused", "The name is missing."),
        (4, "ok", ""),
    ]
    assert Registration.objects.count() == 0


def test_control_characters_and_foreign_numbers_without_their_code_are_refused():
    event = EventFactory()
    rows = [
        ImportRow(number=2, full_name="Ай\x00гүл", organisation="Мектеп\x1b"),
        ImportRow(number=3, full_name="Дилноза Каримова", phone="998901234567"),
    ]

    report = import_attendees(event=event, rows=rows, by=None)

    assert [(r.number, r.status, r.reason) for r in report.rows] == [
        (
            2,
            "refused",
            "Name: Remove the invisible control characters from this text.; Organisation: Remove the "
            "invisible control characters from this text.",
        ),
        (
            3,
            "refused",
            "Phone “998901234567”: Enter a mobile number, e.g. +7 701 123 45 67 (other countries with "
            "their code, e.g. +998 …).",
        ),
    ]
    assert Registration.objects.count() == 0


def test_a_phone_twice_in_the_file_is_refused(organiser_client):
    event = EventFactory()
    content = b"full_name,phone,email\nAnn,87011112233,a@x.kz\nBob,+7 701 111 22 33,b@x.kz\nCid,,A@X.KZ\n"

    response = upload(organiser_client, event, "list.csv", content)

    assert Registration.objects.count() == 0
    assert report_of(response) == [
        (2, "Ann", "ok", "", ""),
        (3, "Bob", "refused", "The phone +77011112233 is also in row 2.", ""),
        (4, "Cid", "refused", "The email a@x.kz is also in row 2.", ""),
    ]


def test_a_person_already_registered_for_the_event_is_refused(organiser_client):
    event = EventFactory()
    RegistrationFactory(event=event, phone="+77011112233")
    RegistrationFactory(event=event, phone="+77011112299", email="Taken@Example.kz")
    RegistrationFactory(event=event, phone="+77011112255", status=RegistrationStatus.CANCELLED)
    RegistrationFactory(phone="+77011112266")  # Another event.
    content = b"full_name,phone,email\nAnn,87011112233,\nBob,,taken@example.kz\nCid,87011112255,\nDan,87011112266,\n"

    response = upload(organiser_client, event, "list.csv", content)

    assert Registration.objects.filter(event=event).count() == 3
    assert report_of(response) == [
        (2, "Ann", "refused", "The phone +77011112233 is already registered for this event.", ""),
        (3, "Bob", "refused", "The email taken@example.kz is already registered for this event.", ""),
        (4, "Cid", "ok", "", ""),
        (5, "Dan", "ok", "", ""),
    ]


def test_a_domain_error_midway_rolls_back_every_row(monkeypatch, organiser):
    event = EventFactory()
    real = services.register_participant
    calls = []

    def fail_on_second(**kwargs):
        calls.append(kwargs["applicant"].full_name)
        if len(calls) == 2:
            raise DomainError("Registered a moment ago by someone else.", code="duplicate")
        return real(**kwargs)

    monkeypatch.setattr(services, "register_participant", fail_on_second)
    rows = [
        ImportRow(number=2, full_name="First"),
        ImportRow(number=3, full_name="Second"),
        ImportRow(number=4, full_name="Third"),
    ]

    report = import_attendees(event=event, rows=rows, by=organiser)

    assert calls == ["First", "Second"]
    assert Registration.objects.count() == 0
    assert report.imported is False
    assert report.error == "Registered a moment ago by someone else."
    assert [(r.number, r.status, r.reason, r.registration_status) for r in report.rows] == [
        (2, "ok", "", ""),
        (3, "refused", "Registered a moment ago by someone else.", ""),
        (4, "ok", "", ""),
    ]


def test_import_into_a_cancelled_event_imports_nothing(organiser_client):
    event = EventFactory(status=EventStatus.CANCELLED)

    response = upload(organiser_client, event, "list.csv", b"full_name\nAnn\nBob\n")

    assert Registration.objects.count() == 0
    assert response.context["report"].error == "Registration for this event is not possible."


# Import: files that cannot be read


def file_error(response) -> list[str]:
    assert response.status_code == 200
    assert response.context["report"] is None
    return response.context["form"].errors["file"]


def test_an_oversized_file_is_refused(organiser_client):
    event = EventFactory()
    content = b"full_name\n" + b"A" * (2 * 1024 * 1024)

    response = upload(organiser_client, event, "big.csv", content)

    assert file_error(response) == ["The file is too large (2.0\xa0MB); the limit is 2.0\xa0MB."]
    assert Registration.objects.count() == 0


def test_more_than_2000_rows_are_refused(organiser_client):
    event = EventFactory(capacity=None)
    content = "full_name\n" + "".join(f"P{n}\n" for n in range(2001))

    response = upload(organiser_client, event, "many.csv", content.encode())

    assert file_error(response) == ["The list has more than 2000 rows. Split it into several files."]
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02garbage\xff\xfe" * 50,  # Not a zip at all.
        b"PK\x03\x04" + b"\x00broken zip" * 50,  # Looks like a zip, is not one.
        xlsx([["full_name"], ["A"]])[:-40],  # A real workbook, cut short.
    ],
)
def test_garbage_named_xlsx_is_refused_with_a_message(organiser_client, content):
    event = EventFactory()

    response = upload(organiser_client, event, "list.xlsx", content)

    assert file_error(response) == [
        "This file could not be read as an Excel workbook (.xlsx) or a CSV file. Save it again as .xlsx or CSV "
        "and upload it again."
    ]
    assert Registration.objects.count() == 0


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")

    with pytest.raises(DomainError) as info:
        parse_attendee_file(SimpleUploadedFile("list.xlsx", buffer.getvalue()))

    assert info.value.code == "bad_file"


def test_a_zip_bomb_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(importing.reading, "MAX_UNZIPPED_BYTES", 1000)

    with pytest.raises(DomainError) as info:
        parse_attendee_file(SimpleUploadedFile("list.xlsx", xlsx([["full_name"], ["A" * 2000]])))

    assert info.value.code == "bad_file"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_file"),
        (b"name_of_school,phone\nA,1\n", "no_header"),
        (b"full_name,phone\n\n", "no_rows"),
        (b"full_name,Name\nA,B\n", "duplicate_column"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", "bad_file"),
    ],
)
def test_unusable_files_are_refused(content, code):
    with pytest.raises(DomainError) as info:
        parse_attendee_file(SimpleUploadedFile("list.csv", content))

    assert info.value.code == code


def test_volunteer_cannot_import(volunteer_client):
    event = EventFactory()

    response = upload(volunteer_client, event, "list.csv", b"full_name\nA\n")

    assert response.status_code == 403
    assert Registration.objects.count() == 0
    assert volunteer_client.get(url("import", event)).status_code == 403
