"""Device tokens expire, and organisers list, issue and revoke them on /manage/tokens/."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from core.models import ApiToken, TokenState, hash_token
from core.services import issue_api_token, revoke_api_token
from tests.support import make_user, messages_of

pytestmark = pytest.mark.django_db


def me(client, token):
    return client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")


def issue_by_command(*args) -> str:
    out = io.StringIO()
    call_command("issue_token", "volunteer1", *args, stdout=out)
    return out.getvalue().strip()


# --- Expiry -----------------------------------------------------------------------------------


def test_issue_token_expires_after_30_days_by_default(volunteer):
    before = timezone.now()
    raw = issue_by_command("--device", "door-1")

    token = ApiToken.objects.get(key_hash=hash_token(raw))
    assert before + timedelta(days=30) <= token.expires_at <= timezone.now() + timedelta(days=30)


def test_issue_token_days_option(volunteer):
    week = ApiToken.objects.get(key_hash=hash_token(issue_by_command("--days", "7")))
    forever = ApiToken.objects.get(key_hash=hash_token(issue_by_command("--days", "0")))

    assert timedelta(days=7) - timedelta(minutes=1) < week.expires_at - week.created_at <= timedelta(days=7)
    assert forever.expires_at is None


def test_issue_token_refuses_negative_days(volunteer):
    with pytest.raises(DomainError) as error:
        issue_api_token(username="volunteer1", days=-1)

    assert error.value.code == "bad_days"
    assert ApiToken.objects.count() == 0


def test_expired_token_is_refused(client, volunteer):
    raw = issue_api_token(username="volunteer1", device="door-1", days=1)
    assert me(client, raw).status_code == 200

    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = me(client, raw)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert ApiToken.objects.get().state == TokenState.EXPIRED


def test_token_without_expiry_keeps_working(client, volunteer):
    raw = issue_api_token(username="volunteer1", days=0)

    assert me(client, raw).status_code == 200
    assert ApiToken.objects.get().state == TokenState.ACTIVE


def test_revoked_token_is_refused_at_once(client, volunteer):
    raw = issue_api_token(username="volunteer1")
    assert me(client, raw).status_code == 200
    token = ApiToken.objects.get()

    first, second = revoke_api_token(token=token), revoke_api_token(token=token)

    assert (first, second) == (True, False)
    assert me(client, raw).status_code == 401
    assert ApiToken.objects.get().state == TokenState.REVOKED


# --- The organisers' page ---------------------------------------------------------------------


def test_organiser_lists_tokens_with_their_state(organiser_client, volunteer):
    active = issue_api_token(username="volunteer1", device="door-1")
    issue_api_token(username="volunteer1", device="door-2")
    issue_api_token(username="volunteer1", device="door-3")
    ApiToken.objects.filter(name="door-2").update(expires_at=timezone.now() - timedelta(days=1))
    ApiToken.objects.filter(name="door-3").update(revoked_at=timezone.now())

    page = organiser_client.get(reverse("tokens:list"), HTTP_ACCEPT_LANGUAGE="en")

    html = page.content.decode()
    assert page.status_code == 200
    assert active[:10] in html and active not in html
    rows = {
        name: html.split(f"<strong>{name}</strong>", 1)[1].split("</tr>", 1)[0]
        for name in ("door-1", "door-2", "door-3")
    }
    assert "Active" in rows["door-1"] and "Expired" in rows["door-2"] and "Revoked" in rows["door-3"]
    assert "volunteer1" in rows["door-1"]
    assert reverse("tokens:revoke", args=[ApiToken.objects.get(name="door-1").pk]) in rows["door-1"]
    assert "tokens:revoke" not in rows["door-3"] and "/revoke" not in rows["door-3"]


def test_the_organiser_nav_links_to_the_tokens(organiser_client):
    assert reverse("tokens:list") in organiser_client.get(reverse("manage:dashboard")).content.decode()


def test_organiser_issues_a_token_shown_once(client, organiser_client, volunteer):
    response = organiser_client.post(
        reverse("tokens:issue"), {"user": volunteer.pk, "device": "door-7", "days": "3"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    token = ApiToken.objects.get()
    raw = response.context["raw"]
    assert response.status_code == 200
    assert raw in response.content.decode() and token.key_hash == hash_token(raw)
    assert "no-store" in response["Cache-Control"]
    assert (token.user, token.name) == (volunteer, "door-7")
    assert timedelta(days=3) - timedelta(minutes=1) < token.expires_at - timezone.now() <= timedelta(days=3)
    assert raw not in organiser_client.get(reverse("tokens:list")).content.decode()
    client.logout()
    assert me(client, raw).json()["username"] == "volunteer1"


def test_issuing_for_an_inactive_user_is_refused(organiser_client):
    gone = make_user("gone", "volunteer", is_active=False)

    response = organiser_client.post(reverse("tokens:issue"), {"user": gone.pk, "device": "door-1", "days": "3"})

    assert response.status_code == 422
    assert "user" in response.context["form"].errors
    assert ApiToken.objects.count() == 0


def test_organiser_revokes_a_token(client, organiser_client, volunteer):
    raw = issue_api_token(username="volunteer1", device="door-1")
    token = ApiToken.objects.get()

    response = organiser_client.post(reverse("tokens:revoke", args=[token.pk]), HTTP_ACCEPT_LANGUAGE="en")
    again = organiser_client.post(reverse("tokens:revoke", args=[token.pk]), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == again.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert messages_of(again) == [
        f"The token {token.prefix}… of door-1 is revoked: the device can no longer sign in with it.",
        "This token was already revoked.",
    ]
    client.logout()
    assert me(client, raw).status_code == 401


def test_revoking_needs_a_post(organiser_client, volunteer):
    issue_api_token(username="volunteer1")
    token = ApiToken.objects.get()

    response = organiser_client.get(reverse("tokens:revoke", args=[token.pk]))

    assert response.status_code == 405
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize("role", ["volunteer", "grantor"])
def test_token_pages_refuse_other_roles(client, role, volunteer):
    issue_api_token(username="volunteer1")
    token = ApiToken.objects.get()
    client.force_login(make_user("someone", role))

    listing = client.get(reverse("tokens:list"))
    issued = client.post(reverse("tokens:issue"), {"user": volunteer.pk, "device": "x", "days": "1"})
    revoked = client.post(reverse("tokens:revoke", args=[token.pk]))

    assert (listing.status_code, issued.status_code, revoked.status_code) == (403, 403, 403)
    assert ApiToken.objects.count() == 1 and ApiToken.objects.get().revoked_at is None


def test_token_pages_send_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("tokens:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
