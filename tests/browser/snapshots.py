"""Copies of a seeded test database, put back in a fraction of the time seed_demo takes.

Browser tests are transactional (the live server only sees committed rows), so the database is
emptied after each one and the demo area must be there again for the next. ``take(connection)``
copies the whole database once; ``restore(connection)`` puts it back exactly, primary keys and
sequences included. SQLite in memory uses SQLite's backup API; PostgreSQL uses COPY.
"""

from __future__ import annotations

import sqlite3

from django.apps import apps
from django.core.management.color import no_style
from django.db import transaction


class SqliteCopy:
    def __init__(self, connection):
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def restore(self, connection) -> None:
        connection.ensure_connection()
        self.copy.backup(connection.connection)

    def close(self) -> None:
        self.copy.close()


class PostgresCopy:
    def __init__(self, connection):
        self.tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
        self.rows: dict[str, bytes] = {}
        with connection.cursor() as cursor:
            for table in self.tables:
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                    self.rows[table] = b"".join(bytes(chunk) for chunk in copy)

    def restore(self, connection) -> None:
        quote = connection.ops.quote_name
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # Foreign keys are DEFERRABLE INITIALLY DEFERRED, so the order of the tables does not matter.
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in self.tables)} CASCADE")
            for table, rows in self.rows.items():
                if rows:
                    with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(rows)
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(sql)

    def close(self) -> None:
        self.rows.clear()


def take(connection) -> SqliteCopy | PostgresCopy | None:
    """A copy of the database behind ``connection``, or None where this module cannot copy it."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return SqliteCopy(connection)
    if connection.vendor == "postgresql":
        return PostgresCopy(connection)
    return None
