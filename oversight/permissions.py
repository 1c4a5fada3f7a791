"""Who may see oversight, and who sets its benchmarks and thresholds.

PRODUCT.md I: the LA strategic lead, inclusion officer and finance officer see the whole area;
school leaders and staff the area's aggregates and their own school; a partnership chair its
partnership and the area's aggregates. Providers, partner practitioners, the QA officer and
the administrator are refused. Which area, partnership or school a person may look at is
oversight.scope's business; which pupil rows they see is oversight.drilldown's.
"""

import rules

from accounts.policy import describe
from accounts.predicates import (
    is_la_caseworker,
    is_la_finance,
    is_la_strategic_lead,
    is_partnership_chair,
    is_school_member,
)

can_see = is_la_caseworker | is_la_finance | is_school_member | is_partnership_chair

rules.add_perm("oversight.view_dashboard", can_see)
describe("oversight.view_dashboard", "see how alternative provision is used across the area")
rules.add_perm("oversight.export", can_see)
describe("oversight.export", "download the oversight tables")
rules.add_perm("oversight.change_benchmarks", is_la_strategic_lead)
describe("oversight.change_benchmarks", "change the published benchmarks")
rules.add_perm("oversight.change_thresholds", is_la_strategic_lead)
describe("oversight.change_thresholds", "change the thresholds that flag a school as an outlier")
