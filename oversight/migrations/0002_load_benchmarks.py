"""Load the published benchmarks shipped in oversight/data/benchmarks.json (only rows not there yet)."""

from django.db import migrations


def load(apps, schema_editor):
    from oversight.benchmarks import load_benchmarks

    load_benchmarks(apps)


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
