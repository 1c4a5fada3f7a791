from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from accounts.policy import policy
from schools.models import Partnership, School
from schools.queries import schools_with_roll


@policy("schools.view_school_list")
def school_list(request):
    schools = schools_with_roll().order_by("organisation__name")
    query = request.GET.get("q", "").strip()
    phase = request.GET.get("phase", "")
    partnership = request.GET.get("partnership", "")
    if query:
        schools = schools.filter(Q(organisation__name__icontains=query) | Q(urn=query) | Q(laestab=query))
    if phase in School.Phase.values:
        schools = schools.filter(phase=phase)
    if partnership.isdigit():
        schools = schools.filter(partnership_id=int(partnership))
    page = Paginator(schools, 50).get_page(request.GET.get("page"))
    partnerships = Partnership.objects.select_related("organisation").order_by("organisation__name")
    return render(
        request,
        "schools/list.html",
        {
            "page": page,
            "query": query,
            "phase": phase,
            "partnership": partnership,
            "phases": School.Phase.choices,
            "partnerships": partnerships,
        },
    )


@policy("schools.view_school")
def school_detail(request, pk):
    school = get_object_or_404(schools_with_roll(), pk=pk)
    rolls = list(school.rolls.order_by("year_group"))
    return render(request, "schools/detail.html", {"school": school, "rolls": rolls})
