import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import Job, JobStatus
from events.models import EventKind
from inventory import services as inventory
from inventory.models import ActKind, Holder, HolderKind, ItemType
from monitoring.models import ActFiling, EvidenceFiling, GrantItem, Indicator, ManualValue
from monitoring.report import KIND as GRANT_REPORT
from tests.conftest import make_user
from tests.factories import TalkFactory
from tests.inventory.factories import signature_png
from tests.pdf_tools import pdf_text

from .conftest import attend, evidence, past_event

pytestmark = pytest.mark.django_db


def _indicator(code) -> Indicator:
    return Indicator.objects.get(code=code)


def test_dashboard_for_grantor_shows_every_indicator_and_how_it_is_counted(plan, grantor_client, organiser):
    session = past_event()
    attend(session, organiser, phone="+77011112233", age=19, district="abay")

    response = grantor_client.get(reverse("monitoring:dashboard"))

    assert response.status_code == 200
    assert len(response.context["rows"]) == 79
    assert response.context["beneficiaries"].code == "IV.1"
    assert response.context["computed"] == 71
    assert response.context["breakdowns"]["age"] == [("18–35", 1)]
    assert response.context["breakdowns"]["district"] == [("Абай ауданы", 1)]
    assert response.context["can_report"] is True  # the grantor makes and downloads the report too
    html = response.content.decode()
    assert html.count('<tr data-code="') == 79
    assert "Тікелей бенефициарлар саны" in html
    assert "әр шарадан" in html  # a reading taken, shown on the dashboard
    assert 'id="beneficiaries"' in html
    assert reverse("monitoring:people", args=[_indicator("IV.1").pk]) not in html
    assert "+7701" not in html


def test_dashboard_titles_follow_language(plan, grantor_client):
    grantor_client.cookies["django_language"] = "ru"
    response = grantor_client.get(reverse("monitoring:dashboard"))

    assert "Количество прямых бенефициаров" in response.content.decode()


def test_dashboard_for_organiser_offers_report_and_the_people_behind(plan, organiser_client):
    response = organiser_client.get(reverse("monitoring:dashboard"))

    assert response.status_code == 200
    assert response.context["can_report"] is True
    html = response.content.decode()
    assert reverse("monitoring:report") in html
    assert reverse("monitoring:people", args=[_indicator("IV.1").pk]) in html


def test_dashboard_without_plan_says_so(grantor_client):
    response = grantor_client.get(reverse("monitoring:dashboard"))

    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "load_grant_plan" in response.content.decode()


def test_dashboard_refuses_volunteer(plan, volunteer_client):
    assert volunteer_client.get(reverse("monitoring:dashboard")).status_code == 403
    assert volunteer_client.get(reverse("monitoring:events")).status_code == 403
    assert volunteer_client.get(reverse("monitoring:indicator", args=[_indicator("1.2.h").pk])).status_code == 403


def test_dashboard_sends_anonymous_to_login(plan, client):
    response = client.get(reverse("monitoring:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_event_page_lists_gaps_without_personal_data(plan, grantor_client, organiser):
    session = past_event()
    attend(session, organiser, phone="+77011112233")
    evidence("photo", session, organiser)

    response = grantor_client.get(reverse("monitoring:events"))

    assert response.status_code == 200
    [(event, gaps)] = response.context["events"]
    assert event == session
    assert [g.indicator.code for g in gaps] == ["1.2.d", "1.2.e", "1.2.g", "1.2.i"]
    assert "+7701" not in response.content.decode()


def test_indicator_page_lists_the_evidence_counted(plan, grantor_client, organiser):
    session = past_event()
    evidence("photo", session, organiser, 2)
    evidence("photo", session, organiser, approval="rejected")
    evidence("video", session, organiser)

    response = grantor_client.get(reverse("monitoring:indicator", args=[_indicator("1.2.g").pk]))

    assert response.status_code == 200
    assert sorted(item.kind for item in response.context["items"]) == ["photo", "photo", "video"]
    assert response.context["counted"] == 3
    assert [(first, second, meets) for _event, first, second, meets in response.context["per_event"]] == [(2, 1, False)]
    assert "value_form" not in response.context and "file_form" not in response.context


def test_organiser_enters_a_value_on_the_monitoring_page(plan, organiser_client, organiser):
    indicator = _indicator("IV.4")

    response = organiser_client.post(
        reverse("monitoring:add_value", args=[indicator.pk]),
        {"value": "7", "note": "Келісімшарттар", "evidence_url": ""},
    )

    assert response.status_code == 302
    value = ManualValue.objects.get()
    assert (value.indicator, value.value, value.entered_by, value.note) == (indicator, 7, organiser, "Келісімшарттар")
    page = organiser_client.get(reverse("monitoring:indicator", args=[indicator.pk])).content.decode()
    assert "Келісімшарттар" in page and organiser.username in page
    dashboard = organiser_client.get(reverse("monitoring:dashboard")).content.decode()
    assert f"{organiser.username}," in dashboard


def test_the_value_form_offers_only_the_events_the_indicator_counts(plan, organiser_client):
    indicator = _indicator("IV.4")
    held, old = past_event(), past_event(days_ago=400)

    page = organiser_client.get(reverse("monitoring:indicator", args=[indicator.pk])).content.decode()
    response = organiser_client.post(
        reverse("monitoring:add_value", args=[indicator.pk]), {"value": "3", "event": str(old.pk)}
    )

    assert f'<option value="{held.pk}"' in page and f'<option value="{old.pk}"' not in page
    assert response.status_code == 422
    assert ManualValue.objects.count() == 0


def test_a_value_is_refused_for_a_computed_indicator_and_for_the_grantor(plan, organiser_client, grantor):
    computed = _indicator("IV.1")

    response = organiser_client.post(reverse("monitoring:add_value", args=[computed.pk]), {"value": "5"})

    assert response.status_code == 422
    assert ManualValue.objects.count() == 0
    organiser_client.force_login(grantor)
    response = organiser_client.post(reverse("monitoring:add_value", args=[_indicator("IV.4").pk]), {"value": "5"})
    assert response.status_code == 403


def test_organiser_files_evidence_under_an_indicator(plan, organiser_client, organiser):
    indicator = _indicator("1.1.b")
    [post] = evidence("social_post", None, organiser, day=timezone.localdate())
    [photo] = evidence("photo", None, organiser, day=timezone.localdate())
    page = organiser_client.get(reverse("monitoring:indicator", args=[indicator.pk]))
    assert list(page.context["file_form"].fields["items"].queryset) == [post]

    organiser_client.post(reverse("monitoring:file_evidence", args=[indicator.pk]), {"items": [post.pk]})
    organiser_client.post(reverse("monitoring:file_evidence", args=[indicator.pk]), {"items": [photo.pk]})

    assert list(EvidenceFiling.objects.values_list("item", flat=True)) == [post.pk]
    assert organiser_client.get(reverse("monitoring:dashboard")).context["rows"][1].actual == 1

    organiser_client.post(reverse("monitoring:unfile_evidence", args=[indicator.pk, post.pk]))

    assert EvidenceFiling.objects.count() == 0


def test_organiser_files_an_act_and_links_the_item_types(plan, organiser_client, organiser):
    indicator = _indicator("2.1.d")
    medal = ItemType.objects.create(name_kk="Медаль 2024")
    warehouse = Holder.objects.create(kind=HolderKind.WAREHOUSE, name="Қойма")
    person = Holder.objects.create(kind=HolderKind.PERSON, name="Гүлмира")
    inventory.receive_stock(item=medal, to_holder=warehouse, quantity=400, supplier="ЖШС", by=organiser)
    act = inventory.create_act(
        kind=ActKind.TRANSFER,
        act_date=timezone.localdate(),
        from_holder=warehouse,
        to_holder=person,
        giver=inventory.Party("Ерлан"),
        receiver=inventory.Party("Гүлмира"),
        basis="№ 83",
        lines=[(medal, 310)],
        by=organiser,
    )
    draft_response = organiser_client.post(reverse("monitoring:file_act", args=[indicator.pk]), {"act": act.pk})
    assert (draft_response.status_code, ActFiling.objects.count()) == (302, 0)
    inventory.sign_act(act=act, giver_signature=signature_png(), receiver_signature=signature_png(), by=organiser)
    grant_item = GrantItem.objects.get(indicator=indicator)

    organiser_client.post(reverse("monitoring:file_act", args=[indicator.pk]), {"act": act.pk})
    organiser_client.post(
        reverse("monitoring:item_types", args=[grant_item.pk]), {f"g{grant_item.pk}-item_types": [medal.pk]}
    )

    row = organiser_client.get(reverse("monitoring:indicator", args=[indicator.pk])).context["row"]
    assert (row.actual, row.actual_second, row.status) == (1, 310, "met")


def test_grantor_reads_a_sessions_participant_list_without_contacts(plan, grantor_client, organiser):
    sessions = [past_event(), past_event()]
    for session in sessions:
        attend(session, organiser, full_name="Айгерім Сапарова", phone="+77011112233", email="a@example.kz")
    attend(sessions[0], organiser, full_name="Нұрлан Әбенов", phone="", organisation="№ 12 мектеп")
    url = reverse("monitoring:people", args=[_indicator("1.2.h").pk])

    response = grantor_client.get(url)

    assert response.status_code == 200
    data = response.context["data"]
    assert [(row.full_name, row.marks, row.total) for row in data.rows] == [
        ("Айгерім Сапарова", [True, True], 2),
        ("Нұрлан Әбенов", [True, False], 1),
    ]
    assert response.context["contacts"] is False
    assert "+7701" not in response.content.decode() and "a@example.kz" not in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"

    pdf = grantor_client.get(url, {"format": "pdf", "language": "kk"})
    content = b"".join(pdf.streaming_content)
    assert b"DejaVuSans" in content and b"Helvetica" not in content
    text = pdf_text(content)
    assert "Айгерім Сапарова" in text and "Қатысушылардың тізімі, саны" in text and "+7701" not in text
    xlsx = grantor_client.get(url, {"format": "xlsx", "language": "ru"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("№", "ФИО", "Организация", "Возраст", "Район")
    assert rows[1][1] == "Айгерім Сапарова" and "+77011112233" not in str(rows)


def test_the_people_behind_the_direct_beneficiaries_are_for_organisers(plan, organiser_client, organiser, grantor):
    attend(past_event(kind=EventKind.CONFERENCE), organiser, full_name="Дана Омарова", phone="+77011112233")
    url = reverse("monitoring:people", args=[_indicator("IV.1").pk])
    grantor_client = Client()
    grantor_client.force_login(grantor)

    assert grantor_client.get(url).status_code == 403
    response = organiser_client.get(url)
    assert response.status_code == 200
    assert response.context["contacts"] is True
    assert "+77011112233" in response.content.decode()
    assert organiser_client.get(reverse("monitoring:people", args=[_indicator("1.2.g").pk])).status_code == 404


def test_report_start_creates_job_and_redirects(plan, organiser_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("monitoring:report"), {"plan": plan.pk, "format": "xlsx", "language": "ru"}
        )

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:report_job", args=[job.pk])
    assert (job.kind, job.params, job.status) == (
        GRANT_REPORT,
        {"plan": plan.pk, "format": "xlsx", "language": "ru"},
        JobStatus.DONE,
    )


def test_report_start_bad_format_is_refused(plan, organiser_client):
    response = organiser_client.post(
        reverse("monitoring:report"), {"plan": plan.pk, "format": "docx", "language": "kk"}, follow=True
    )

    assert Job.objects.count() == 0
    assert response.redirect_chain == [(reverse("monitoring:reports"), 302)]
    assert len(list(response.context["messages"])) == 1


@pytest.mark.parametrize("plan_id", ["abc", "", "1.5", "²"])
def test_report_start_for_a_plan_that_is_not_a_number_is_not_found(plan, organiser_client, plan_id):
    response = organiser_client.post(reverse("monitoring:report"), {"plan": plan_id, "format": "pdf", "language": "kk"})

    assert response.status_code == 404
    assert Job.objects.count() == 0


def test_report_start_refused_to_volunteer(plan, volunteer_client):
    response = volunteer_client.post(reverse("monitoring:report"), {"plan": plan.pk, "format": "pdf", "language": "kk"})

    assert response.status_code == 403
    assert Job.objects.count() == 0


def test_report_start_needs_post(plan, organiser_client):
    assert organiser_client.get(reverse("monitoring:report")).status_code == 405


def test_roles_hold_monitoring_permissions(db):
    organiser, grantor, volunteer = (
        make_user("o2", "organiser"),
        make_user("g2", "grantor"),
        make_user("v2", "volunteer"),
    )

    assert organiser.has_perms(
        [
            "monitoring.change_indicator",
            "monitoring.add_manualvalue",
            "monitoring.view_dashboard",
            "monitoring.build_report",
            "monitoring.add_evidencefiling",
        ]
    )
    # The grantor reads, and makes the report (which only reads the records).
    assert grantor.has_perms(["monitoring.view_indicator", "monitoring.view_dashboard", "monitoring.build_report"])
    assert not grantor.has_perm("monitoring.change_indicator")
    assert not grantor.has_perm("monitoring.add_manualvalue")
    assert not volunteer.has_perm("monitoring.view_dashboard")


KINDS = [EventKind.YOUTH_SESSION, EventKind.BUDGET_SEMINAR, EventKind.CONFERENCE, EventKind.PRESENTATION]


def _grow(organiser, events: int):
    """Events of every kind (so that every reading is made at the smaller size too), each with
    participants, a volunteer, photos, press and a talk."""
    for n in range(events):
        event = past_event(kind=KINDS[n % len(KINDS)])
        TalkFactory(event=event)
        for role in ("participant", "participant", "volunteer"):
            attend(event, organiser, role=role)
        evidence("photo", event, organiser, 2)
        evidence("press", event, organiser, approval="approved", reach=100)


def test_dashboard_and_api_queries_do_not_grow_with_the_data(
    plan, organiser_client, organiser, django_assert_max_num_queries
):
    _grow(organiser, len(KINDS))
    counts = {}
    for url in (reverse("monitoring:dashboard"), "/api/monitoring/indicators", reverse("monitoring:events")):
        with CaptureQueriesContext(connection) as context:
            assert organiser_client.get(url).status_code == 200
        counts[url] = len(context.captured_queries)
    _grow(organiser, 12)

    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            assert organiser_client.get(url).status_code == 200
    assert max(counts.values()) <= 25
