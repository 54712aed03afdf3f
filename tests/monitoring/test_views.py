import pytest
from django.urls import reverse

from core.models import Job, JobStatus
from media_log import services as media
from monitoring.models import Indicator
from monitoring.report import KIND as GRANT_REPORT
from tests.conftest import make_user

from .conftest import past_event

pytestmark = pytest.mark.django_db


def test_dashboard_for_grantor_shows_every_indicator(plan, grantor_client):
    response = grantor_client.get(reverse("monitoring:dashboard"))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 91
    assert response.context["beneficiaries"].code == "IV.1"
    assert response.context["can_report"] is False
    html = response.content.decode()
    assert html.count('<tr data-code="') == 91
    assert "Тікелей пайда алушылар" in html
    assert 'id="beneficiaries"' in html
    assert reverse("monitoring:report") not in html


def test_dashboard_titles_follow_language(plan, grantor_client):
    grantor_client.cookies["django_language"] = "ru"
    response = grantor_client.get(reverse("monitoring:dashboard"))

    assert "Прямые благополучатели" in response.content.decode()


def test_dashboard_for_organiser_offers_report(plan, organiser_client):
    response = organiser_client.get(reverse("monitoring:dashboard"))

    assert response.status_code == 200
    assert response.context["can_report"] is True
    assert reverse("monitoring:report") in response.content.decode()


def test_dashboard_without_plan_says_so(grantor_client):
    response = grantor_client.get(reverse("monitoring:dashboard"))

    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "load_grant_plan" in response.content.decode()


def test_dashboard_refuses_volunteer(plan, volunteer_client):
    assert volunteer_client.get(reverse("monitoring:dashboard")).status_code == 403
    assert volunteer_client.get(reverse("monitoring:events")).status_code == 403


def test_dashboard_sends_anonymous_to_login(plan, client):
    response = client.get(reverse("monitoring:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_event_page_lists_gaps_without_personal_data(plan, grantor_client, organiser):
    session = past_event()
    media.add_evidence(kind="photo", event=session, title="Сессия", url="https://example.kz/p/1", by=organiser)

    response = grantor_client.get(reverse("monitoring:events"))

    assert response.status_code == 200
    [(event, gaps)] = response.context["events"]
    assert event == session
    assert [g.indicator.code for g in gaps] == ["1.2.b", "1.2.c", "1.2.d", "1.2.e", "1.2.f", "1.2.g", "1.2.h", "1.2.j"]
    assert "1 / 4" not in response.content.decode()
    assert "+7701" not in response.content.decode()


def test_evidence_page_lists_items_of_the_kind(plan, grantor_client, organiser):
    session = past_event()
    media.add_evidence(kind="photo", event=session, title="Сессия фотосы", url="https://example.kz/p/1", by=organiser)
    media.add_evidence(kind="video", event=session, title="Бейне", url="https://example.kz/v/1", by=organiser)
    indicator = Indicator.objects.get(code="1.2.g")

    response = grantor_client.get(reverse("monitoring:evidence", args=[indicator.pk]) + f"?event={session.pk}")

    assert response.status_code == 200
    assert [item.title for item in response.context["items"]] == ["Сессия фотосы"]
    assert "https://example.kz/p/1" in response.content.decode()


def test_evidence_page_404_for_non_evidence_indicator(plan, grantor_client):
    indicator = Indicator.objects.get(code="1.2.i")

    assert grantor_client.get(reverse("monitoring:evidence", args=[indicator.pk])).status_code == 404


def test_report_start_creates_job_and_redirects(plan, organiser_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("monitoring:report"), {"plan": plan.pk, "format": "xlsx", "language": "ru"}
        )

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
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
    assert response.redirect_chain == [(reverse("monitoring:dashboard") + f"?plan={plan.pk}", 302)]
    assert len(list(response.context["messages"])) == 1


def test_report_start_refused_to_grantor(plan, grantor_client):
    response = grantor_client.post(reverse("monitoring:report"), {"plan": plan.pk, "format": "pdf", "language": "kk"})

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
        ]
    )
    assert grantor.has_perms(["monitoring.view_indicator", "monitoring.view_dashboard"])
    assert not grantor.has_perm("monitoring.change_indicator")
    assert not grantor.has_perm("monitoring.view_manualvalue")
    assert not grantor.has_perm("monitoring.build_report")
    assert not volunteer.has_perm("monitoring.view_dashboard")
