"""Plain SQL for the few requests that come in bursts: a door scan and its device's token.

On PostgreSQL each statement is prepared once per connection (connections are kept for
DB_CONN_MAX_AGE), so the server parses and plans it once rather than at every scan; that was
half of the database's time per check-in (bench/README.md). Elsewhere (SQLite) Django's cursor
runs it. Errors are Django's (an IntegrityError is `django.db.IntegrityError`), and the
statements take part in the caller's transaction like any other.

Only for fixed statements with explicit column lists: a prepared `SELECT *` breaks when a
migration adds a column while the connection lives.
"""

import psycopg
from django.db import connection


def fetchone(sql: str, params: list) -> tuple | None:
    """Run `sql` (with %s placeholders) and return its first row, or None."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    with connection.wrap_database_errors, psycopg.Cursor(_prepared_connection()) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchone()


def execute(sql: str, params: list) -> None:
    """Run `sql` (with %s placeholders), which returns no rows."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    with connection.wrap_database_errors, psycopg.Cursor(_prepared_connection()) as cursor:
        cursor.execute(sql, params, prepare=True)


def _prepared_connection() -> psycopg.Connection:
    """The psycopg connection, allowed to prepare statements. Django turns preparing off
    (`prepare_threshold=None`); only these cursors prepare, when asked: the ORM's cursors bind
    parameters on the client and never prepare."""
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = 1_000_000_000  # never by count, only `prepare=True`
    return raw
