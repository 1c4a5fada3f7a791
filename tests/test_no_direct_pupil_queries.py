"""Pupil data is read only through scoped query functions: views never touch Pupil.objects."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
PATTERN = re.compile(r"\b(Pupil|EducationEpisode|Registration)\.objects\b")


def test_views_do_not_query_pupil_models_directly():
    offenders = []
    for path in ROOT.glob("*/views*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if PATTERN.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    for path in ROOT.glob("*/views/*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if PATTERN.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "Use the scoped functions in pupils.queries instead:\n" + "\n".join(offenders)
