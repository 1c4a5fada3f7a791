"""The home page: for each role, what it must act on today."""

from django.shortcuts import render

from accounts.policy import signed_in
from attendance.queries import alerts_for
from funding.queries import finance_alerts
from placements.queries import overdue_reviews
from pupils import register
from pupils.queries import pupils_visible_to, today

HOME_LIST_LENGTH = 10


@signed_in
def home(request):
    user = request.user
    on = today()
    context = {
        "today": on,
        "register": None,
        "pupil_count": None,
        "overdue_reviews": None,
        "alerts": None,
        "finance": [],
    }
    if user.has_perm("pupils.view_register"):
        entries = register.build_register(user, today=on)
        context["register"] = {
            "total": len(entries),
            "overdue": [e for e in entries if e.overdue],
            "counts": register.flag_counts(entries),
        }
    elif user.has_perm("pupils.view_pupil_list"):
        context["pupil_count"] = pupils_visible_to(user).count()
    if user.has_perm("placements.view_placement_list"):
        reviews = overdue_reviews(user, on)
        context["overdue_reviews"] = {"count": reviews.count(), "first": list(reviews[:HOME_LIST_LENGTH])}
    if user.has_perm("attendance.view_alerts"):
        context["alerts"] = alerts_for(user, on)
    if user.has_perm("funding.view_funding"):
        context["finance"] = finance_alerts(user, on)
    return render(request, "home.html", context)
