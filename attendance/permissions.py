"""Who may do what with attendance and progress. Which pupils they reach is attendance.queries' business."""

import rules

from accounts.policy import describe
from accounts.predicates import (
    is_administrator,
    is_la_caseworker,
    is_la_strategic_lead,
    is_provider_member,
    is_school_member,
)

rules.add_perm("attendance.view_daily_register", is_la_caseworker | is_school_member | is_provider_member)
describe("attendance.view_daily_register", "see the daily attendance of pupils in alternative provision")
rules.add_perm("attendance.mark_attendance", is_provider_member)
describe("attendance.mark_attendance", "mark a provider's attendance register")
rules.add_perm("attendance.view_attendance", is_la_caseworker | is_school_member | is_provider_member)
describe("attendance.view_attendance", "see pupils' attendance in alternative provision")
rules.add_perm("attendance.view_alerts", is_la_caseworker | is_school_member | is_provider_member)
describe("attendance.view_alerts", "see attendance alerts")
rules.add_perm("attendance.change_alert_settings", is_la_strategic_lead | is_administrator)
describe("attendance.change_alert_settings", "change when unmarked sessions raise an alert")
rules.add_perm("attendance.view_progress", is_la_caseworker | is_school_member | is_provider_member)
describe("attendance.view_progress", "see pupils' progress at their provider")
rules.add_perm("attendance.record_progress", is_provider_member)
describe("attendance.record_progress", "record pupils' progress at a provider")
