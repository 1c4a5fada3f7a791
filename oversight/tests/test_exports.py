"""Every table downloads as CSV and XLSX, exactly as the page shows it; every download is audited."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from accounts.roles import Role
from core.models import AuditEvent
from oversight.tables import Column, Table, csv_response, xlsx_bytes


def rows_of_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_dashboard_measures_as_csv(records, client_as):
    response = client_as(Role.LA_STRATEGIC_LEAD).get(
        reverse("oversight:export", args=["dashboard", "measures", "csv"]),
        {
            "start-day": "1",
            "start-month": "9",
            "start-year": "2025",
            "end-day": "20",
            "end-month": "11",
            "end-year": "2025",
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of_csv(response)
    assert rows[0][:6] == ["Measure", "This area", "Unit", "Counted", "Out of", "Devolved areas"]
    assert rows[1][:6] == ["Pupils placed in AP per 10,000 pupils", "32.8", "per 10,000 pupils", "6", "1830", "21.8"]
    event = AuditEvent.objects.get(action="export")
    assert "'measures'" in event.summary and "aggregates only" in event.summary


def test_drilldown_records_as_xlsx_name_only_visible_pupils_and_are_audited(records, client_as):
    response = client_as(Role.SCHOOL_LEADER).get(
        reverse("oversight:records-export", args=["pupils_in_ap", "records", "xlsx"])
    )
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("Pupil", "UPN", "Year")
    assert {row[1] for row in values[1:]} == {records.p1.upn, records.p2.upn}
    assert "with pupil rows" in AuditEvent.objects.get(action="export").summary


@pytest.mark.parametrize(
    ("page", "table"),
    [
        ("dashboard", "table1-benchmarks"),
        ("fairness", "use"),
        ("fairness", "contribution"),
        ("outcomes", "attendance"),
        ("outcomes", "reintegration"),
        ("outcomes", "english_maths"),
        ("outcomes", "destinations"),
        ("benchmarks", "benchmarks"),
    ],
)
def test_every_page_table_downloads(records, client_as, page, table):
    client = client_as(Role.LA_INCLUSION_OFFICER)
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("oversight:export", args=[page, table, fmt])).status_code == 200


def test_triangulation_tables_download(records, client_as):
    client = client_as(Role.SCHOOL_LEADER)
    school = records.area.school_a.organisation_id
    for table in ("terms", "rates"):
        response = client.get(reverse("oversight:triangulation-export", args=[school, table, "csv"]))
        assert len(rows_of_csv(response)) == 4  # the heading and three terms


def test_unknown_tables_and_formats_are_not_found(records, client_as):
    client = client_as(Role.LA_STRATEGIC_LEAD)
    assert client.get(reverse("oversight:export", args=["dashboard", "nothing", "csv"])).status_code == 404
    assert client.get(reverse("oversight:export", args=["dashboard", "measures", "pdf"])).status_code == 404
    assert client.get(reverse("oversight:export", args=["nowhere", "measures", "csv"])).status_code == 404


def test_money_dates_and_formulas_are_exported_safely():
    table = Table(
        "t", "Money", [Column("name", "Name"), Column("cost", "Cost", "pence"), Column("share", "Share", "percent")]
    )
    table.add('=HYPERLINK("http://x")', 1_234_567, Decimal("12.5"))
    rows = rows_of_csv(csv_response(table, "t"))
    assert rows == [["Name", "Cost (£)", "Share"], ['\'=HYPERLINK("http://x")', "12345.67", "12.5"]]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table))).active
    assert sheet["B2"].value == 12345.67 and sheet["B2"].number_format == '"£"#,##0.00'
