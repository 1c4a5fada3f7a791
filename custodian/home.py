"""The home page: for each role, what it must act on today."""

from django.shortcuts import render

from accounts.policy import signed_in
from pupils import register
from pupils.queries import pupils_visible_to, today


@signed_in
def home(request):
    user = request.user
    context = {"today": today(), "register": None, "pupil_count": None, "links": []}
    if user.has_perm("pupils.view_register"):
        entries = register.build_register(user, today=context["today"])
        context["register"] = {
            "total": len(entries),
            "overdue": [e for e in entries if e.overdue],
            "counts": register.flag_counts(entries),
        }
    elif user.has_perm("pupils.view_pupil_list"):
        context["pupil_count"] = pupils_visible_to(user).count()
    return render(request, "home.html", context)
