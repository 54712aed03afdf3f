from datetime import timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import db
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


@cache
def _token_user_sql() -> tuple[str, list[str], list[tuple]]:
    """The query of `user_for_token`, the user's field names and each field's converters."""
    user_model = get_user_model()
    fields = user_model._meta.concrete_fields
    columns = [f.column for f in fields]
    sql = (
        "SELECT "
        + ", ".join(f"u.{c}" for c in columns)
        + ", t.id, t.name, (t.last_used_at IS NULL OR t.last_used_at < %s) "
        f"FROM {user_model._meta.db_table} u JOIN {ApiToken._meta.db_table} t ON t.user_id = u.id "
        "WHERE t.key_hash = %s AND t.revoked_at IS NULL AND u.is_active = %s "
        "AND (t.expires_at IS NULL OR t.expires_at > %s)"
    )
    converters = [
        tuple(connection.ops.get_db_converters(f.get_col(user_model._meta.db_table)) + f.get_db_converters(connection))
        for f in fields
    ]
    return sql, [f.attname for f in fields], list(zip(fields, converters, strict=True))


def user_for_token(raw: str):
    """The active user behind a bearer token that is neither revoked nor expired, or None, with
    the token's device name as `user.token_device`. Records when it was last used."""
    now = timezone.now()
    # Every door scan runs this: one plain, prepared query (core.db). The ORM spent more time
    # building the query and the user than the database took to answer (bench/README.md).
    sql, names, converters = _token_user_sql()
    ops = connection.ops
    params = [ops.adapt_datetimefield_value(now - timedelta(seconds=60)), hash_token(raw), True]
    row = db.fetchone(sql, [*params, ops.adapt_datetimefield_value(now)])
    if row is None:
        return None
    *values, token_id, token_name, needs_touch = row
    # Converted the way the ORM converts them (SQLite returns dates and booleans raw).
    converted = []
    for (field, field_converters), value in zip(converters, values, strict=True):
        for converter in field_converters:
            value = converter(value, field, connection)
        converted.append(value)
    user = get_user_model().from_db(connection.alias, names, converted)
    # The token's device name ("door-1"): what a scan through it records when it names no device.
    user.token_device = token_name
    # Touch at most once a minute: a busy door scanner must not write on every request.
    if needs_touch:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user


def revoke_api_token(*, token: ApiToken) -> bool:
    """Revoke one token at once (the next request with it is refused). Returns False when it
    was already revoked, which changes nothing."""
    return bool(ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def revoke_api_tokens(*, username: str) -> int:
    return ApiToken.objects.filter(user__username=username, revoked_at__isnull=True).update(revoked_at=timezone.now())
