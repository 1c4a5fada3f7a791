"""Load the reference code lists shipped in core/data/codes (idempotent; never overwrites an LA's edits)."""

from django.db import migrations


def load(apps, schema_editor):
    from core.codes import load_code_lists

    load_code_lists(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only_trigger")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
