"""Refuse UPDATE on ledger entries in the database itself, on SQLite and PostgreSQL alike.

A correction is a new reversing entry (funding.services_ledger.reverse_entry). Deletes are
refused by the model and its queryset; the database allows them only so that a test
database can be flushed (Django's flush deletes rows on SQLite), as for core's audit trail.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE TRIGGER funding_ledgerentry_no_update BEFORE UPDATE ON funding_ledgerentry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS funding_ledgerentry_no_update;",
]
POSTGRES_UP = """
CREATE OR REPLACE FUNCTION funding_ledgerentry_refuse_change() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'ledger entries are immutable'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER funding_ledgerentry_no_update BEFORE UPDATE ON funding_ledgerentry
FOR EACH ROW EXECUTE FUNCTION funding_ledgerentry_refuse_change();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS funding_ledgerentry_no_update ON funding_ledgerentry;
DROP FUNCTION IF EXISTS funding_ledgerentry_refuse_change();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
