from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import ApiToken, hash_token


@transaction.atomic
def issue_api_token(*, username: str, device: str = "", days: int | None = None) -> str:
    """Create a bearer token for `username` and return it; only its hash is kept.

    It expires after `days` days (settings.API_TOKEN_DAYS when None; 0 means never).
    Raises DomainError(code="unknown_user") for a missing or inactive user and
    DomainError(code="bad_days") for a negative number of days.
    """
    days = settings.API_TOKEN_DAYS if days is None else days
    if days < 0:
        raise DomainError(_("The number of days cannot be negative."), code="bad_days")
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise DomainError(_("No active user named %(name)s.") % {"name": username}, code="unknown_user")
    raw = ApiToken.generate_key()
    expires_at = timezone.now() + timedelta(days=days) if days else None
    ApiToken.objects.create(user=user, name=device, key_hash=hash_token(raw), prefix=raw[:10], expires_at=expires_at)
    return raw


def user_for_token(raw: str):
    """The active user behind a bearer token that is neither revoked nor expired, or None.
    Records when it was last used."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    # Touch at most once a minute: a busy door scanner must not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_api_token(*, token: ApiToken) -> bool:
    """Revoke one token at once (the next request with it is refused). Returns False when it
    was already revoked, which changes nothing."""
    return bool(ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def revoke_api_tokens(*, username: str) -> int:
    return ApiToken.objects.filter(user__username=username, revoked_at__isnull=True).update(revoked_at=timezone.now())
