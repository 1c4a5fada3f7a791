"""Reference codes as versioned data: attendance codes, exclusion reasons, SEN provision, ...

The lists ship as JSON files in ``core/data/codes/`` (one file per list version), built from
reference/standards.md with a confidence mark on every code. ``load_code_lists`` puts them
in the database; a data migration calls it, and so should the migration that ships a new
version (add the new file, then a migration that runs the loader again). It only creates
what is missing, so it never undoes a change an LA made to a code.

Reading: ``codes(key, on)`` gives the codes of the version in force on a date, so a record
made under an older version still reads with the codes of its day.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.db.models import Count, Q
from django.utils import timezone

from core.models import Code, CodeList

DATA_DIR = Path(__file__).resolve().parent / "data" / "codes"

LIST_FIELDS = {"key", "version", "name", "valid_from", "source", "codes"}
CODE_FIELDS = {"code", "label", "category", "confidence", "active", "sort_order"}
CONFIDENCES = {choice.value for choice in Code.Confidence}


class CodeListError(LookupError):
    """A code list, version or code that does not exist."""


# ---------------------------------------------------------------------------------------
# Loading the shipped data files


def read_code_list_files(directory: Path | None = None) -> list[dict]:
    """Every code-list file in ``directory`` (default core/data/codes), checked and in name order."""
    directory = directory or DATA_DIR
    lists = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        _check_file(path.name, data)
        lists.append(data)
    return lists


def _check_file(name: str, data: dict) -> None:
    missing = LIST_FIELDS - data.keys()
    if missing:
        raise ValueError(f"{name}: missing {', '.join(sorted(missing))}")
    datetime.date.fromisoformat(data["valid_from"])
    if data.get("valid_to"):
        datetime.date.fromisoformat(data["valid_to"])
    seen = set()
    for entry in data["codes"]:
        missing = CODE_FIELDS - entry.keys()
        if missing:
            raise ValueError(f"{name}: code {entry.get('code')!r} is missing {', '.join(sorted(missing))}")
        if entry["confidence"] not in CONFIDENCES:
            raise ValueError(f"{name}: code {entry['code']!r} has unknown confidence {entry['confidence']!r}")
        if entry["code"] in seen:
            raise ValueError(f"{name}: code {entry['code']!r} appears twice")
        seen.add(entry["code"])


def load_code_lists(apps=None, *, directory: Path | None = None) -> dict[str, int]:
    """Create the code lists and codes from the data files that are not in the database yet.

    Idempotent: an existing list (same key and version) or code (same code in that list) is
    left exactly as it is, so an LA's edits to labels, categories or ``active`` survive.
    ``apps`` is the migration app registry when called from a data migration.
    """
    list_model = apps.get_model("core", "CodeList") if apps else CodeList
    code_model = apps.get_model("core", "Code") if apps else Code
    created = {"lists": 0, "codes": 0}
    for data in read_code_list_files(directory):
        code_list, list_created = list_model.objects.get_or_create(
            key=data["key"],
            version=data["version"],
            defaults={
                "name": data["name"],
                "valid_from": datetime.date.fromisoformat(data["valid_from"]),
                "valid_to": datetime.date.fromisoformat(data["valid_to"]) if data.get("valid_to") else None,
                "source": data["source"],
            },
        )
        created["lists"] += int(list_created)
        existing = set(code_model.objects.filter(code_list=code_list).values_list("code", flat=True))
        new_codes = [
            code_model(
                code_list=code_list,
                code=entry["code"],
                label=entry["label"],
                category=entry["category"],
                confidence=entry["confidence"],
                active=entry["active"],
                sort_order=entry["sort_order"],
            )
            for entry in data["codes"]
            if entry["code"] not in existing
        ]
        code_model.objects.bulk_create(new_codes)
        created["codes"] += len(new_codes)
    return created


# ---------------------------------------------------------------------------------------
# Reading codes


def code_list(key: str, on: datetime.date | None = None) -> CodeList:
    """The version of list ``key`` in force on ``on`` (default today): the latest that has started and not ended."""
    on = on or timezone.localdate()
    found = (
        CodeList.objects.filter(key=key, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )
    if found is None:
        _require_key(key)
        raise CodeListError(f"No version of the '{key}' code list is in force on {on:%d %B %Y}.")
    return found


def codes(key: str, on: datetime.date | None = None, *, include_inactive: bool = False) -> list[Code]:
    """The codes of the version of ``key`` in force on ``on`` (default today), in list order."""
    query = Code.objects.filter(code_list=code_list(key, on))
    if not include_inactive:
        query = query.filter(active=True)
    return list(query.order_by("sort_order", "code"))


def is_valid_code(key: str, code: str, on: datetime.date | None = None) -> bool:
    """Whether ``code`` is an active code of the version of ``key`` in force on ``on``."""
    return Code.objects.filter(code_list=code_list(key, on), code=code, active=True).exists()


def label_for(key: str, code: str) -> str:
    """The meaning of ``code``, from the newest version of ``key`` that has it (old codes still read).

    A code no version has comes back unchanged, so a page still shows what was recorded.
    """
    label = (
        Code.objects.filter(code_list__key=key, code=code)
        .order_by("-code_list__valid_from")
        .values_list("label", flat=True)
        .first()
    )
    if label is None:
        _require_key(key)
        return code
    return label


def choices(key: str, on: datetime.date | None = None) -> list[tuple[str, str]]:
    """(code, label) pairs of the active codes in force on ``on``, for a form field."""
    return [(item.code, item.label) for item in codes(key, on)]


def category_of(key: str, code: str, on: datetime.date | None = None) -> str:
    """The category of ``code`` (for attendance: Present, AEA, Auth, Unauth, NP or Admin) in the version in force."""
    category = Code.objects.filter(code_list=code_list(key, on), code=code).values_list("category", flat=True).first()
    if category is None:
        raise CodeListError(f"'{code}' is not a code in the '{key}' code list in force on {on or 'today'}.")
    return category


def category_map(key: str, on: datetime.date | None = None) -> dict[str, str]:
    """{code: category} for every code (active or not) of the version in force: one lookup for many marks."""
    return dict(Code.objects.filter(code_list=code_list(key, on)).values_list("code", "category"))


def categories_in(code_list_obj: CodeList) -> list[str]:
    """The distinct non-blank categories used in a list version, in list order (the choices when editing)."""
    seen: list[str] = []
    for category in code_list_obj.codes.order_by("sort_order", "code").values_list("category", flat=True):
        if category and category not in seen:
            seen.append(category)
    return seen


def _require_key(key: str) -> None:
    if not CodeList.objects.filter(key=key).exists():
        known = ", ".join(sorted(set(CodeList.objects.values_list("key", flat=True)))) or "none loaded"
        raise CodeListError(f"There is no code list called '{key}'. Known lists: {known}.")


# ---------------------------------------------------------------------------------------
# Reads for the reference code pages (views read through these, not through the models)


def all_code_lists() -> list[CodeList]:
    """Every version of every list, with ``code_count`` and ``active_count``, in one query."""
    return list(
        CodeList.objects.annotate(
            code_count=Count("codes"), active_count=Count("codes", filter=Q(codes__active=True))
        ).order_by("name", "key", "-valid_from")
    )


def get_code_list(key: str, version: str) -> CodeList | None:
    return CodeList.objects.filter(key=key, version=version).first()


def codes_of(code_list_obj: CodeList) -> list[Code]:
    """All codes of one list version, in use or not, in list order."""
    return list(code_list_obj.codes.order_by("sort_order", "code"))


def get_code(pk: int) -> Code | None:
    return Code.objects.select_related("code_list").filter(pk=pk).first()
