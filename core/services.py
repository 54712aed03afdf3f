from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import ApiToken, hash_token


@transaction.atomic
def issue_api_token(*, username: str, device: str = "") -> str:
    """Create a bearer token for `username` and return it; only its hash is kept.

    Raises DomainError(code="unknown_user") for a missing or inactive user.
    """
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise DomainError(_("No active user named %(name)s.") % {"name": username}, code="unknown_user")
    raw = ApiToken.generate_key()
    ApiToken.objects.create(user=user, name=device, key_hash=hash_token(raw), prefix=raw[:10])
    return raw


def user_for_token(raw: str):
    """The active user behind a bearer token, or None. Records when it was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy door scanner must not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_api_tokens(*, username: str) -> int:
    return ApiToken.objects.filter(user__username=username, revoked_at__isnull=True).update(revoked_at=timezone.now())
